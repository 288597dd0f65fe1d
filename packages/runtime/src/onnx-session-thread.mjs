// Plain JavaScript entry of the inference thread: registers the TypeScript loader in this thread (loader hooks of
// the main thread do not reach worker threads on Node 20), then runs the thread's TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./onnx-session-thread.ts');
