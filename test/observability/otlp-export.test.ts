// Traces leave a service over OTLP as the standard OTEL_* variables say (gRPC, HTTP protobuf or HTTP JSON) and
// arrive decodable at a receiver speaking the OTLP wire format; with tracing not asked for, the SDK never starts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OTLP_SPAN_KIND, OtlpReceiver } from '@sieve/testing';
import { tracingRequested } from '@sieve/telemetry';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface Emitted {
  enabled: boolean;
  recording: boolean;
  traceId: string;
  parentId: string;
  childId: string;
  linkedTraceId: string;
  linkedId: string;
}

/**
 * Runs the emitter in a process of its own, so that each run starts the SDK from a clean environment; not spawnSync,
 * which would block the receiver living in this process.
 */
async function emit(env: Record<string, string>): Promise<Emitted> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/observability/fixtures/emit-spans.ts'], {
    cwd: repoRoot,
    env: { ...clean, OTEL_BSP_SCHEDULE_DELAY: '50', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Emitted;
}

describe('OTLP export', { timeout: 180_000 }, () => {
  let receiver: OtlpReceiver;
  before(async () => {
    receiver = await OtlpReceiver.start();
  });
  after(() => receiver?.close());

  for (const protocol of ['grpc', 'http/protobuf', 'http/json'] as const) {
    it(`delivers spans, links and attributes over ${protocol}`, async () => {
      const endpoint = protocol === 'grpc' ? receiver.grpcEndpoint : receiver.httpEndpoint;
      const emitted = await emit({
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      });
      assert.ok(emitted.enabled);
      const spans = await receiver.waitFor(
        (all) => all.filter((span) => span.traceId === emitted.traceId).length === 2,
      );
      assert.deepEqual(receiver.rejected, []);
      const parent = spans.find((span) => span.spanId === emitted.parentId)!;
      const child = spans.find((span) => span.spanId === emitted.childId)!;
      assert.equal(parent.transport, protocol === 'grpc' ? 'grpc' : 'http');
      assert.equal(parent.service, 'sieve-fixture');
      assert.equal(parent.name, 'fixture.parent');
      assert.equal(parent.kind, OTLP_SPAN_KIND.SERVER);
      assert.equal(parent.parentSpanId, '');
      assert.deepEqual(parent.attributes, {
        'sieve.tenant': 'acme',
        'sieve.texts': 3,
        'fixture.ratio': 0.5,
        'fixture.flag': true,
        'fixture.list': ['a', 'b'],
      });
      assert.ok(parent.endTimeUnixNano >= parent.startTimeUnixNano && parent.startTimeUnixNano > 0n);
      assert.equal(child.parentSpanId, emitted.parentId);
      assert.equal(child.kind, OTLP_SPAN_KIND.CONSUMER);
      assert.deepEqual(child.status, { code: 2, message: 'fixture failure' });
      assert.deepEqual(
        child.links.map((link) => [link.traceId, link.spanId]),
        [[emitted.linkedTraceId, emitted.linkedId]],
      );
      assert.ok(
        receiver.spans.some(
          (span) => span.spanId === emitted.linkedId && span.traceId === emitted.linkedTraceId,
        ),
      );
    });
  }

  it('starts no SDK unless tracing is asked for, or when OTEL_SDK_DISABLED is set', async () => {
    const before = receiver.spans.length;
    const off = await emit({});
    assert.deepEqual([off.enabled, off.recording], [false, false]);
    const disabled = await emit({
      OTEL_SDK_DISABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.httpEndpoint,
    });
    assert.deepEqual([disabled.enabled, disabled.recording], [false, false]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receiver.spans.length, before);
  });

  it('reads "asked for" from the standard variables', () => {
    assert.equal(tracingRequested({}), false);
    assert.equal(tracingRequested({ OTEL_SERVICE_NAME: 'x' }), false);
    assert.equal(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }), true);
    assert.equal(
      tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }),
      true,
    );
    assert.equal(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' }), true);
    assert.equal(tracingRequested({ OTEL_TRACES_EXPORTER: 'console' }), true);
    assert.equal(
      tracingRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
      false,
    );
    assert.equal(tracingRequested({ OTEL_SDK_DISABLED: 'TRUE', OTEL_TRACES_EXPORTER: 'otlp' }), false);
  });
});
