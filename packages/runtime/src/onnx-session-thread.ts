// Entry point of the thread that owns an ONNX Runtime session (see ThreadedOnnxSession for why).
import { parentPort, workerData } from 'node:worker_threads';
import { ModelLoadError } from './model-load-error.ts';
import { OnnxModelSession, type PaddedBatch, type SessionOptions } from './onnx-model-session.ts';

const { path, options } = workerData as { path: string; options: Omit<SessionOptions, 'onFallback'> };
const port = parentPort!;

try {
  const session = await OnnxModelSession.create(path, {
    ...options,
    onFallback: (message) => port.postMessage({ type: 'fallback', message }),
  });
  type Run = { type: 'run'; id: number; batch: PaddedBatch; features: boolean };
  port.on('message', (message: Run | { type: 'close' }) => {
    if (message.type === 'close') {
      void session.release().finally(() => port.close());
      return;
    }
    session.run(message.batch, { features: message.features }).then(
      (output) =>
        port.postMessage({ type: 'result', id: message.id, output }, [
          ...new Set([output.logits.buffer, output.features?.buffer ?? output.logits.buffer]),
        ] as ArrayBuffer[]),
      (error: unknown) => port.postMessage({ type: 'result', id: message.id, error: String(error) }),
    );
  });
  port.postMessage({
    type: 'ready',
    inputNames: session.inputNames,
    outputName: session.outputName,
    executionProvider: session.executionProvider,
    features: session.features,
  });
} catch (error) {
  port.postMessage({
    type: 'failed',
    file: error instanceof ModelLoadError ? error.file : path,
    message: error instanceof ModelLoadError ? error.message.slice(error.file.length + 2) : String(error),
  });
}
