// Entry point of the thread that owns an ONNX Runtime session (see ThreadedOnnxSession for why).
import { parentPort, workerData } from 'node:worker_threads';
import { ModelLoadError } from './model-load-error.ts';
import { OnnxModelSession, type PaddedBatch, type SessionOptions } from './onnx-model-session.ts';
import type { SessionGraph } from './session-graph.ts';

const { path, options, graph } = workerData as {
  path: string;
  options: Omit<SessionOptions, 'onFallback'>;
  graph?: SessionGraph;
};
const port = parentPort!;

try {
  const session = await OnnxModelSession.create(
    path,
    {
      ...options,
      onFallback: (message) => port.postMessage({ type: 'fallback', message }),
    },
    graph,
  );
  type Run = {
    type: 'run';
    id: number;
    batch: PaddedBatch;
    features: boolean;
    urgent: boolean;
    passed?: true;
  };
  // Runs wait here, not in the port, so that an urgent batch sent after a queued one still goes first.
  const waiting: Run[] = [];
  let busy = false;
  const runNext = async (): Promise<void> => {
    busy = true;
    try {
      while (waiting.length > 0) {
        // Messages that arrived during the last run are delivered in the event loop's poll phase; a check-phase
        // callback runs after it, so every one of them is here before the next run is chosen.
        await new Promise((resolve) => setImmediate(resolve));
        // An urgent run passes the oldest waiting one at most once, so a stream of them cannot starve it.
        const urgent = waiting[0]!.passed ? -1 : waiting.findIndex((run) => run.urgent);
        if (urgent > 0) waiting[0]!.passed = true;
        const [next] = waiting.splice(Math.max(0, urgent), 1);
        const { id, batch, features } = next!;
        await session.run(batch, { features }).then(
          (output) =>
            port.postMessage({ type: 'result', id, output }, [
              ...new Set([output.logits.buffer, output.features?.buffer ?? output.logits.buffer]),
            ] as ArrayBuffer[]),
          (error: unknown) => port.postMessage({ type: 'result', id, error: String(error) }),
        );
      }
    } finally {
      busy = false;
    }
  };
  port.on('message', (message: Run | { type: 'close' }) => {
    if (message.type === 'close') {
      void session.release().finally(() => port.close());
      return;
    }
    waiting.push(message);
    if (!busy) void runNext();
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
