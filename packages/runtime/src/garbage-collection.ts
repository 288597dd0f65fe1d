import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full V8 collection, now. Finding a model's features output decodes its whole graph file (for a single-file
 * int8 model, all its weights: 130 MB for DistilBERT multilingual), garbage a moment later; the inference thread
 * then allocates too little for V8 to collect it on its own, so it stayed resident beside the session (+125 MB of
 * worker RSS, bench/NOTES.md). V8 has no API for a collection without its gc extension, which this exposes at run
 * time, as Jest's leak detector does.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
