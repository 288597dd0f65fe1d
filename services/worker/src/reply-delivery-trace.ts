import type { Reply } from '@sieve/queue';
import { ATTR, markSpanFailed } from '@sieve/telemetry';
import { RequestTrace } from './request-trace.ts';
import type { RequestTracker } from './request-tracker.ts';

/**
 * Sending replies, traced: each reply gets a `sieve.deliver` span under its request, and the request's span ends
 * once its reply is sent. `expect` is called as a reply is produced, so that a request answered early in a batch
 * (cancelled) is not ended by the job's clean-up before its reply is sent.
 */
export class ReplyDeliveryTrace {
  private readonly traces = new Map<string, RequestTrace>();

  constructor(trackers: Iterable<RequestTracker>) {
    for (const tracker of trackers) {
      const requestTrace = RequestTrace.of(tracker);
      if (requestTrace) this.traces.set(tracker.request.id, requestTrace);
    }
  }

  expect(reply: Reply | undefined): void {
    if (reply) this.traces.get(reply.id)?.awaitDelivery();
  }

  async send(
    byGateway: Iterable<[string, Reply[]]>,
    publish: (replies: Reply[], gateway: string) => Promise<void>,
  ): Promise<void> {
    await Promise.all(
      [...byGateway].map(async ([gateway, replies]) => {
        const spans = replies.map((reply) => {
          this.expect(reply);
          return this.traces
            .get(reply.id)
            ?.child('sieve.deliver', { attributes: { [ATTR.TEXTS]: reply.ok ? reply.results.length : 0 } });
        });
        try {
          await publish(replies, gateway);
        } catch (error) {
          for (const span of spans) if (span) markSpanFailed(span, error);
          throw error;
        } finally {
          for (const span of spans) span?.end();
          for (const reply of replies) this.traces.get(reply.id)?.finish(reply);
        }
      }),
    );
  }
}
