// Its own file so that the request validators can take a resolved head without importing head-resolution, which
// imports them (modelNotFound).
import type { HeadRecord } from '@sieve/heads';
import type { JobHead } from '@sieve/queue';
import type { CatalogEntry } from '../models/model-catalog.ts';

/** A head request resolved: the base model to queue on (with the head's labels for validation) and the head. */
export interface ResolvedHead {
  /** The served base model, its labels replaced by the head's (top_k is checked against these). */
  model: CatalogEntry;
  job: JobHead;
  record: HeadRecord;
}
