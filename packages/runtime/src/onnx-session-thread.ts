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
  port.on('message', (message: { type: 'run'; id: number; batch: PaddedBatch } | { type: 'close' }) => {
    if (message.type === 'close') {
      void session.release().finally(() => port.close());
      return;
    }
    session.run(message.batch).then(
      ({ logits, numLabels }) =>
        port.postMessage({ type: 'result', id: message.id, logits, numLabels }, [
          logits.buffer as ArrayBuffer,
        ]),
      (error: unknown) => port.postMessage({ type: 'result', id: message.id, error: String(error) }),
    );
  });
  port.postMessage({
    type: 'ready',
    inputNames: session.inputNames,
    outputName: session.outputName,
    executionProvider: session.executionProvider,
  });
} catch (error) {
  port.postMessage({
    type: 'failed',
    file: error instanceof ModelLoadError ? error.file : path,
    message: error instanceof ModelLoadError ? error.message.slice(error.file.length + 2) : String(error),
  });
}
