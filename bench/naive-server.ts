// Contender 3, what a TypeScript user writes today: a gRPC server (the same sieve.v1.Inference contract, so the same
// load generator drives it) that calls a transformers.js text-classification pipeline once per request, on the same
// model directory and dtype. No queue, no batching across callers, nothing shared but the one pipeline.
// Input: one JSON argument { modelDir, dtype, address }. Prints "naive listening" when ready.
import { basename, dirname } from 'node:path';
import { Server, ServerCredentials, status, type ServerDuplexStream } from '@grpc/grpc-js';
import { env, pipeline } from '@huggingface/transformers';
import {
  loadSieveProtos,
  type ClassifyRequest,
  type ClassifyResponseInit,
  type ClassifyStreamRequest,
  type ClassifyStreamResponseInit,
} from '@sieve/api';

const { modelDir, dtype, address } = JSON.parse(process.argv[2]!) as {
  modelDir: string;
  dtype: 'fp32' | 'int8';
  address: string;
};
// Local files only: the model directory is in the Hugging Face export layout transformers.js reads.
env.allowRemoteModels = false;
env.localModelPath = dirname(modelDir);
// transformers.js names the int8 graph (onnx/model_quantized.onnx) "q8".
const classifier = await pipeline('text-classification', basename(modelDir), {
  dtype: dtype === 'int8' ? 'q8' : 'fp32',
  device: 'cpu',
});

type Scores = Array<{ label: string; score: number }>;

async function classify(request: ClassifyRequest): Promise<ClassifyResponseInit> {
  const output = (await classifier(request.texts, { top_k: null })) as unknown as Scores | Scores[];
  // One text in, one list of scores out; several texts in, one list per text.
  const perText = (request.texts.length === 1 ? [output] : output) as Scores[];
  return { model: basename(modelDir), results: perText.map((labels) => ({ labels })) };
}

const { grpc } = loadSieveProtos();
const server = new Server();
server.addService(grpc.sieve.v1.Inference.service, {
  Classify(
    call: { request: ClassifyRequest },
    callback: (error: { code: number; message: string } | null, response?: ClassifyResponseInit) => void,
  ) {
    classify(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback({ code: status.INTERNAL, message: String(error) }),
    );
  },
  ClassifyStream(call: ServerDuplexStream<ClassifyStreamRequest, ClassifyStreamResponseInit>) {
    let inFlight = 0;
    let ended = false;
    call.on('data', (message: ClassifyStreamRequest) => {
      inFlight += 1;
      classify(message.request!)
        .then(
          (response) => call.write({ correlationId: message.correlationId, response }),
          (error: unknown) =>
            call.write({
              correlationId: message.correlationId,
              error: { code: status.INTERNAL, message: String(error) },
            }),
        )
        .finally(() => {
          inFlight -= 1;
          if (ended && inFlight === 0) call.end();
        });
    });
    call.on('end', () => {
      ended = true;
      if (inFlight === 0) call.end();
    });
  },
});
server.bindAsync(address, ServerCredentials.createInsecure(), (error) => {
  if (error) throw error;
  console.log('naive listening');
});
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
