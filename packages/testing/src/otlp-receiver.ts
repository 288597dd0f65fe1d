import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

export type AttributeValue = string | number | boolean | Array<string | number | boolean>;

/** One span as an OTLP receiver got it, ids in lowercase hex, kind and status code as OTLP numbers. */
export interface ReceivedSpan {
  transport: 'http' | 'grpc';
  /** The resource's service.name. */
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AttributeValue>;
  links: Array<{ traceId: string; spanId: string; attributes: Record<string, AttributeValue> }>;
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
}

export const OTLP_SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

interface WireValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: WireValue[] };
  bytesValue?: Uint8Array | string;
}
interface WireKeyValue {
  key: string;
  value?: WireValue;
}
interface WireSpan {
  traceId?: Uint8Array | string;
  spanId?: Uint8Array | string;
  parentSpanId?: Uint8Array | string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: WireKeyValue[];
  links?: Array<{ traceId?: Uint8Array | string; spanId?: Uint8Array | string; attributes?: WireKeyValue[] }>;
  status?: { code?: number; message?: string };
}
interface WireRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: WireKeyValue[] };
    scopeSpans?: Array<{ scope?: { name?: string }; spans?: WireSpan[] }>;
  }>;
}

const exportRequest = protobuf
  .loadSync(fileURLToPath(new URL('./otlp-trace.proto', import.meta.url)))
  .lookupType('sieve.testing.otlp.ExportTraceServiceRequest');

// Binary ids are bytes; OTLP/JSON sends them as hex already.
const hex = (id: Uint8Array | string | undefined) =>
  id === undefined ? '' : typeof id === 'string' ? id.toLowerCase() : Buffer.from(id).toString('hex');

function valueOf(value: WireValue | undefined): AttributeValue {
  if (!value) return '';
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue)
    return (value.arrayValue.values ?? []).map((v) => valueOf(v) as string | number | boolean);
  if (value.bytesValue !== undefined) return hex(value.bytesValue);
  return '';
}

const attributesOf = (list: WireKeyValue[] | undefined) =>
  Object.fromEntries((list ?? []).map((entry) => [entry.key, valueOf(entry.value)]));

function spansOf(request: WireRequest, transport: ReceivedSpan['transport']): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        transport,
        service,
        scope: scopeSpans.scope?.name ?? '',
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: hex(span.parentSpanId),
        name: span.name ?? '',
        kind: span.kind ?? 0,
        startTimeUnixNano: BigInt(span.startTimeUnixNano ?? 0),
        endTimeUnixNano: BigInt(span.endTimeUnixNano ?? 0),
        attributes: attributesOf(span.attributes),
        links: (span.links ?? []).map((link) => ({
          traceId: hex(link.traceId),
          spanId: hex(link.spanId),
          attributes: attributesOf(link.attributes),
        })),
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
      })),
    );
  });
}

/** Decodes an OTLP ExportTraceServiceRequest in protobuf (what OTLP/gRPC and http/protobuf send). */
export function decodeOtlpTraces(
  payload: Uint8Array,
  transport: ReceivedSpan['transport'] = 'http',
): ReceivedSpan[] {
  const message = exportRequest.decode(payload);
  const request = exportRequest.toObject(message, { longs: String, defaults: false }) as WireRequest;
  return spansOf(request, transport);
}

const readBody = (request: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

/**
 * An OTLP trace receiver on loopback for tests, in place of a Collector or Jaeger: OTLP/HTTP (`POST /v1/traces`,
 * protobuf or JSON, gzip or not) on one port and OTLP/gRPC (`TraceService/Export`) on another, both decoding the
 * payload into `spans`. Point a service at it with OTEL_EXPORTER_OTLP_ENDPOINT = `httpEndpoint` or `grpcEndpoint`.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Export requests that could not be decoded (a test should expect none). */
  readonly rejected: string[] = [];

  private constructor(
    private readonly http: HttpServer,
    private readonly grpc: Server,
    readonly httpPort: number,
    readonly grpcPort: number,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const received: { receiver?: OtlpReceiver } = {};
    const accept = (spans: () => ReceivedSpan[]): boolean => {
      try {
        received.receiver!.spans.push(...spans());
        return true;
      } catch (error) {
        received.receiver!.rejected.push(String(error));
        return false;
      }
    };

    const http = createServer((request, response) => {
      if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      readBody(request).then(
        (raw) => {
          const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          const json = (request.headers['content-type'] ?? '').includes('json');
          const ok = accept(() =>
            json
              ? spansOf(JSON.parse(body.toString('utf8')) as WireRequest, 'http')
              : decodeOtlpTraces(body, 'http'),
          );
          response
            .writeHead(ok ? 200 : 400, {
              'content-type': json ? 'application/json' : 'application/x-protobuf',
            })
            .end(json ? '{}' : Buffer.alloc(0));
        },
        () => response.writeHead(400).end(),
      );
    });
    const httpPort = await new Promise<number>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => {
        const address = http.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });

    const grpc = new Server();
    // Raw bytes in and out: the payload is decoded by the same code as OTLP/HTTP's, and an empty message is a valid
    // ExportTraceServiceResponse.
    grpc.addService(
      {
        Export: {
          path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          requestStream: false,
          responseStream: false,
          requestSerialize: (value: Buffer) => value,
          requestDeserialize: (value: Buffer) => value,
          responseSerialize: () => Buffer.alloc(0),
          responseDeserialize: (value: Buffer) => value,
        },
      },
      {
        Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
          if (accept(() => decodeOtlpTraces(call.request, 'grpc'))) callback(null, Buffer.alloc(0));
          else callback({ code: status.INVALID_ARGUMENT, details: 'undecodable ExportTraceServiceRequest' });
        },
      },
    );
    const grpcPort = await new Promise<number>((resolve, reject) =>
      grpc.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    received.receiver = new OtlpReceiver(http, grpc, httpPort, grpcPort);
    return received.receiver;
  }

  get httpEndpoint(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get grpcEndpoint(): string {
    return `http://127.0.0.1:${this.grpcPort}`;
  }

  /** Resolves with all spans received once `done(spans)` holds; rejects after `timeoutMs` showing what came. */
  async waitFor(done: (spans: ReceivedSpan[]) => boolean, timeoutMs = 20_000): Promise<ReceivedSpan[]> {
    const until = Date.now() + timeoutMs;
    while (!done(this.spans)) {
      if (Date.now() > until) {
        const names = this.spans.map((span) => `${span.service}:${span.name}`).join(', ');
        throw new Error(`spans not received in ${timeoutMs} ms; got ${this.spans.length}: ${names}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.spans;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.grpc.tryShutdown(() => resolve()));
    // Exporters keep their connection alive; close() alone would wait for them.
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
