// Log lines are JSON with the active span's trace_id/span_id, so that logs and traces lead to each other; keys and
// texts are censored even if a line is handed a request or metadata object whole.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createServiceLogger } from '@sieve/telemetry';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createServiceLogger({ service: 'sieve-test', level: 'debug', destination }) };
}

const spanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};

describe('service logger', () => {
  const manager = new AsyncLocalStorageContextManager();
  before(() => context.setGlobalContextManager(manager.enable()));
  after(() => {
    manager.disable();
    context.disable();
  });

  it('adds trace_id and span_id to lines logged inside a span, across awaits, and nothing outside', async () => {
    const { lines, log } = capture();
    await context.with(trace.setSpanContext(context.active(), spanContext), async () => {
      log.info({ model: 'tiny@1' }, 'inside');
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.debug('after an await');
    });
    log.info('outside');
    assert.deepEqual(
      lines.map((line) => [line.msg, line.trace_id, line.span_id, line.trace_flags, line.service]),
      [
        ['inside', spanContext.traceId, spanContext.spanId, '01', 'sieve-test'],
        ['after an await', spanContext.traceId, spanContext.spanId, '01', 'sieve-test'],
        ['outside', undefined, undefined, undefined, 'sieve-test'],
      ],
    );
  });

  it('censors keys and texts but keeps counts', () => {
    const { lines, log } = capture();
    log.info(
      {
        texts: ['a private message'],
        request: { texts: ['another'], model: 'tiny' },
        metadata: { authorization: 'Bearer sk_live_secret', 'x-api-key': 'sk_live_other' },
        batch: { texts: 3 },
      },
      'careless line',
    );
    const line = JSON.stringify(lines[0]);
    for (const secret of ['a private message', 'another', 'sk_live_secret', 'sk_live_other']) {
      assert.ok(!line.includes(secret), `${secret} in ${line}`);
    }
    assert.equal((lines[0]!.batch as { texts: number }).texts, 3);
    assert.equal((lines[0]!.request as { model: string }).model, 'tiny');
  });
});
