// Calls as a hostile or careless client makes them: unary calls that report the status instead of throwing, and a
// raw HTTP/2 client that sends gRPC frames byte by byte (wrong lengths, flags, garbage), which no gRPC library
// would produce.
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { join } from 'node:path';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { decodeStatusDetails, PROTO_ROOT, statusDetailsOf, type StatusDetails } from '@sieve/api';

export interface Outcome<T> {
  response?: T;
  error?: ServiceError;
}

export function bearer(key: string | undefined): Metadata {
  const metadata = new Metadata();
  if (key) metadata.set('authorization', `Bearer ${key}`);
  return metadata;
}

type UnaryMethod = (
  request: object,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response?: unknown) => void,
) => unknown;

/** One unary call on a grpc-js client; resolves with the response or the error, never rejects. */
export function unary<T>(
  client: object,
  method: string,
  request: object,
  options: { key?: string; deadlineMs?: number; metadata?: Metadata } = {},
): Promise<Outcome<T>> {
  const call = (client as Record<string, UnaryMethod>)[method]!.bind(client);
  return new Promise((resolve) =>
    call(
      request,
      options.metadata ?? bearer(options.key),
      { deadline: Date.now() + (options.deadlineMs ?? 15_000) },
      (error, response) => resolve(error ? { error } : { response: response as T }),
    ),
  );
}

/** "INVALID_ARGUMENT texts[2]: ..." — the code and the field violations, for assertion messages. */
export function describeError(error: ServiceError | undefined): string {
  if (!error) return 'no error';
  const violations = statusDetailsOf(error)
    .badRequest?.fieldViolations.map((v) => `${v.field}: ${v.description}`)
    .join('; ');
  return `${status[error.code]} ${violations ?? error.details}`;
}

/** The fields named by an error's BadRequest details. */
export function violatedFields(error: ServiceError | undefined): string[] {
  return error ? (statusDetailsOf(error).badRequest?.fieldViolations.map((v) => v.field) ?? []) : [];
}

let root: protobuf.Root | undefined;

/** Encodes a sieve.v1 message (e.g. "sieve.v1.ClassifyRequest") from a plain object with camelCase fields. */
export function encode(typeName: string, value: object): Buffer {
  if (!root) {
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) => join(PROTO_ROOT, target);
    root.loadSync(['sieve/v1/inference.proto', 'sieve/v1/batches.proto', 'sieve/v1/heads.proto']);
  }
  const type = root.lookupType(typeName);
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

/** A gRPC length-prefixed message; `length` and `flag` may lie about the payload. */
export function grpcFrame(payload: Buffer, options: { flag?: number; length?: number } = {}): Buffer {
  const head = Buffer.alloc(5);
  head[0] = options.flag ?? 0;
  head.writeUInt32BE(options.length ?? payload.length, 1);
  return Buffer.concat([head, payload]);
}

export interface RawAnswer {
  /** HTTP :status. */
  httpStatus?: number;
  /** grpc-status from the trailers or a trailers-only response; undefined if none came. */
  grpcStatus?: number;
  grpcMessage: string;
  /** The rich details (ErrorInfo, BadRequest, ...) of grpc-status-details-bin, when the status carried them. */
  details?: StatusDetails;
  /** Response message payloads (without their 5-byte prefix). */
  messages: Buffer[];
  /** RST_STREAM code, when the stream was reset. */
  resetCode?: number;
}

/** An HTTP/2 connection that sends hand-made gRPC requests. */
export class RawGrpcSession {
  readonly session: ClientHttp2Session;

  constructor(address: string) {
    this.session = connect(`http://${address}`);
    this.session.on('error', () => undefined);
  }

  /** Sends `body` as the whole request stream and collects the answer (or gives up after `timeoutMs`). */
  call(
    path: string,
    body: Buffer,
    headers: Record<string, string> = {},
    timeoutMs = 10_000,
  ): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const stream = this.session.request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
        ...headers,
      });
      const answer: RawAnswer = { grpcMessage: '', messages: [] };
      const chunks: Buffer[] = [];
      const readStatus = (fields: IncomingHttpHeaders) => {
        if (fields['grpc-status'] !== undefined) {
          answer.grpcStatus = Number(fields['grpc-status']);
          answer.grpcMessage = decodeURIComponent(String(fields['grpc-message'] ?? ''));
        }
        const details = fields['grpc-status-details-bin'];
        if (typeof details === 'string') {
          answer.details = decodeStatusDetails(Buffer.from(details, 'base64')).details;
        }
      };
      const timer = setTimeout(() => {
        stream.close();
        reject(new Error(`no answer on ${path} within ${timeoutMs} ms`));
      }, timeoutMs);
      stream.on('response', (fields) => {
        answer.httpStatus = Number(fields[':status']);
        readStatus(fields);
      });
      stream.on('trailers', readStatus);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', () => undefined);
      stream.on('close', () => {
        clearTimeout(timer);
        if (stream.rstCode) answer.resetCode = stream.rstCode;
        let data = Buffer.concat(chunks);
        while (data.length >= 5) {
          const length = data.readUInt32BE(1);
          answer.messages.push(data.subarray(5, 5 + length));
          data = data.subarray(5 + length);
        }
        resolve(answer);
      });
      stream.end(body);
    });
  }

  close(): void {
    this.session.destroy();
  }
}
