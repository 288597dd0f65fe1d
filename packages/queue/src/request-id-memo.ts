import type { BoundedTenantStore } from './bounded-tenant-store.ts';
import type { KeyedDigest } from './keyed-digest.ts';

/** What a request_id recalls: the first answer to the same request, or the news that the id was used for another. */
export type Recalled = { kind: 'answer'; answer: string } | { kind: 'other-request' };

/**
 * Answers a retried call with the first call's result: a caller that sets a request id and retries after a lost
 * response gets the same answer without the work being computed twice. Kept a few minutes per tenant, in a
 * BoundedTenantStore (so one tenant's fresh ids cannot fill Redis), under a keyed digest of the scope (the model and
 * head the answer is for) and the id. Each answer is kept with a keyed fingerprint of its request (model, head,
 * texts, options), so that the same id sent with another request is recognised as such instead of answered with
 * the first request's results. Holds neither texts nor ids in the clear.
 */
export class RequestIdMemo {
  constructor(
    private readonly store: BoundedTenantStore,
    private readonly digest: KeyedDigest,
  ) {}

  private field(scope: string, requestId: string): string {
    return this.digest.of('request-id', scope, requestId);
  }

  /**
   * The keyed fingerprint of a request: every part that shapes its answer. Parts are separated unambiguously
   * (KeyedDigest), so moving a boundary between two texts makes another fingerprint.
   */
  fingerprint(parts: ReadonlyArray<string | number>): string {
    return this.digest.of('request', ...parts);
  }

  /** The answer as it was given to `remember` (the caller chooses its encoding). */
  async recall(
    tenant: string,
    scope: string,
    requestId: string,
    fingerprint: string,
  ): Promise<Recalled | undefined> {
    const [stored] = await this.store.read(tenant, [this.field(scope, requestId)]);
    if (stored === undefined) return undefined;
    const separator = stored.indexOf('\n');
    // Another format (written by an older gateway, without a fingerprint) proves nothing: treated as unknown.
    if (separator < 0) return undefined;
    if (stored.slice(0, separator) !== fingerprint) return { kind: 'other-request' };
    return { kind: 'answer', answer: stored.slice(separator + 1) };
  }

  /** Keeps the answer; false when it was not stored (writes held back while Redis is near its maxmemory). */
  async remember(
    tenant: string,
    scope: string,
    requestId: string,
    fingerprint: string,
    answer: string,
  ): Promise<boolean> {
    const outcome = await this.store.write(tenant, [
      [this.field(scope, requestId), `${fingerprint}\n${answer}`],
    ]);
    return !outcome.skipped && outcome.written === 1;
  }

  /** Deletes every id the tenant's calls left (Admin purge); answers the number deleted. */
  purge(tenant: string): Promise<number> {
    return this.store.purge(tenant);
  }
}
