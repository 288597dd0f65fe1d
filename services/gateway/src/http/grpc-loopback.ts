import {
  Client,
  credentials,
  status,
  type Metadata,
  type ClientReadableStream,
  type ClientWritableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { ApiError, statusDetailsOf } from '@sieve/api';

const asIs = (bytes: Buffer) => bytes;

/** A gRPC failure as the ApiError the server built: its code, message and google.rpc details. */
export function apiErrorOfStatus(error: ServiceError): ApiError {
  if (error.code === status.UNAVAILABLE && !error.metadata?.get('grpc-status-details-bin').length) {
    return new ApiError(status.UNAVAILABLE, error.details || 'the gateway is not serving');
  }
  return new ApiError(error.code, error.details, statusDetailsOf(error));
}

/**
 * The gateway's gRPC server, called from the HTTP surface over a private Unix socket: an HTTP route is the gRPC
 * method itself, through the same interceptors (drain, key before body, checked decoding) and handlers. Messages
 * travel as bytes; ProtoJson turns them into JSON on this side.
 */
export class GrpcLoopback {
  private readonly client: Client;

  constructor(socketPath: string, maxMessageBytes: number) {
    this.client = new Client(`unix:${socketPath}`, credentials.createInsecure(), {
      'grpc.max_receive_message_length': maxMessageBytes,
      'grpc.max_send_message_length': maxMessageBytes,
    });
  }

  unary(
    path: string,
    request: Buffer,
    metadata: Metadata,
    onHeaders: (metadata: Metadata) => void,
    signal: AbortSignal,
  ): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const call = this.client.makeUnaryRequest(path, asIs, asIs, request, metadata, {}, (error, value) => {
        if (error) reject(apiErrorOfStatus(error));
        else resolve(value ?? Buffer.alloc(0));
      });
      call.on('metadata', onHeaders);
      signal.addEventListener('abort', () => call.cancel(), { once: true });
    });
  }

  serverStream(path: string, request: Buffer, metadata: Metadata): ClientReadableStream<Buffer> {
    return this.client.makeServerStreamRequest(path, asIs, asIs, request, metadata, {});
  }

  clientStream(
    path: string,
    metadata: Metadata,
    onHeaders: (metadata: Metadata) => void,
  ): { call: ClientWritableStream<Buffer>; answer: Promise<Buffer> } {
    let call!: ClientWritableStream<Buffer>;
    const answer = new Promise<Buffer>((resolve, reject) => {
      call = this.client.makeClientStreamRequest(path, asIs, asIs, metadata, {}, (error, value) => {
        if (error) reject(apiErrorOfStatus(error));
        else resolve(value ?? Buffer.alloc(0));
      });
    });
    call.on('metadata', onHeaders);
    return { call, answer };
  }

  close(): void {
    this.client.close();
  }
}
