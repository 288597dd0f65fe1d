import type { BoundedTenantStore } from './bounded-tenant-store.ts';
import type { JobRequest } from './classify-job.ts';
import type { KeyedDigest } from './keyed-digest.ts';

/** What of a request shapes a text's answer besides the model: the options the job carries to the worker. */
export type AnswerOptions = Pick<JobRequest, 'topK' | 'raw' | 'truncation' | 'head'>;

/**
 * The response cache's entries in Redis: per tenant (a shared entry would tell one tenant, through `cached: true`
 * or the faster answer, what another classified recently), in a BoundedTenantStore, so one tenant's distinct texts
 * evict its own oldest answers, never another's, and never fill Redis. A field is an HMAC (KeyedDigest, keyed by
 * the gateways' secret) of the model digest (a new model version never sees old answers), the job options that
 * shape the answer and the text: the text is never stored, and without the secret nobody reading Redis or a backup
 * can confirm a guessed one. Values are the caller's encoding of an answer. Any Redis trouble is a miss: this
 * store never fails a call.
 */
export class ResponseCacheStore {
  constructor(
    private readonly store: Pick<BoundedTenantStore, 'read' | 'write' | 'purge'>,
    private readonly digest: KeyedDigest,
  ) {}

  /** The field of each text (in order) for answers of the model with `modelDigest` under `options`. */
  fieldsOf(modelDigest: string, options: AnswerOptions, texts: readonly string[]): string[] {
    // A head's answer to a text is not the base model's: the head version is part of the field.
    return texts.map((text) =>
      this.digest.of(
        'rc',
        modelDigest,
        options.topK,
        options.raw ? 1 : 0,
        options.truncation,
        options.head?.id ?? '',
        text,
      ),
    );
  }

  /** The stored value of each field, undefined where there is none or Redis could not be read. */
  async read(tenant: string, fields: readonly string[]): Promise<Array<string | undefined>> {
    return this.store.read(tenant, fields).catch(() => fields.map(() => undefined));
  }

  /**
   * Stores the entries without making the caller wait: the caller has its answer, and a write Redis refuses only
   * costs a later miss (the BoundedTenantStore counts it).
   */
  write(tenant: string, entries: ReadonlyArray<readonly [field: string, value: string]>): void {
    void this.store.write(tenant, entries).catch(() => undefined);
  }

  /** Deletes a tenant's entries (Admin purge); answers the number deleted. */
  purge(tenant: string): Promise<number> {
    return this.store.purge(tenant);
  }
}
