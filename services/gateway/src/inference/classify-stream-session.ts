import type { ServerDuplexStream } from '@grpc/grpc-js';
import { ApiError, type ClassifyStreamRequest, type ClassifyStreamResponseInit } from '@sieve/api';
import type { Context } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { TenantSpec } from '@sieve/tenancy';
import { contextFromMetadata } from '@sieve/telemetry';
import { decodeRefusalOf } from '../edge/decode-refusal.ts';
import { apiErrorOf, grpcStatusOf, messageStatusOf, type Unexpected } from '../edge/error-status.ts';
import type { GatewayDrain } from '../edge/gateway-drain.ts';
import type { TenantGate } from '../edge/tenant-gate.ts';
import type { Classification } from './classification.ts';
import { deadlineOf } from './call-deadline.ts';

/** Ids a stream holds while their requests are in flight: bounded like request_id. */
const MAX_CORRELATION_ID_CHARS = 128;

type ClassifyStreamCall = ServerDuplexStream<ClassifyStreamRequest, ClassifyStreamResponseInit>;

export interface ClassifyStreamDeps {
  classification: Classification;
  gate: TenantGate;
  /** Once the gateway drains, streams admit no new request and end when what they admitted is answered. */
  drain: GatewayDrain;
  defaultTimeoutMs: number;
  maxStreamInFlight: number;
  unexpected: Unexpected;
  log: Logger;
}

/**
 * One ClassifyStream: each message is a request answered on its own (by correlation id, in any order), with flow
 * control both ways and the end of the stream once the client half-closed, or the gateway drains, and what it
 * admitted is answered.
 */
export class ClassifyStreamSession {
  private readonly abort = new AbortController();
  private readonly tenantOf: Promise<TenantSpec>;
  private readonly parent: Context;
  private readonly inFlightIds = new Set<string>();
  private inFlight = 0;
  private ended = false;
  private paused = false;
  /** Our side is closed (OK, or UNAVAILABLE once the gateway drains): nothing more is read or written. */
  private finished = false;
  private stopWatchingDrain: () => void = () => {};

  constructor(
    private readonly call: ClassifyStreamCall,
    private readonly deps: ClassifyStreamDeps,
  ) {
    // One authentication per stream; every message's answer reports its failure if the key is bad.
    this.tenantOf = deps.gate.authenticate(call.metadata);
    this.tenantOf.catch(() => undefined);
    this.parent = contextFromMetadata(call.metadata);
  }

  start(): void {
    const { call } = this;
    this.stopWatchingDrain = this.deps.drain.watch(() => this.finishIfDone());
    call.on('drain', () => this.updateFlow());
    // grpc-js says 'cancelled' when any call's stream closes, answered ones too: the drain stops being watched.
    call.on('cancelled', () => {
      this.stopWatchingDrain();
      this.abort.abort();
    });
    call.on('error', () => {
      this.stopWatchingDrain();
      this.abort.abort();
    });
    call.on('end', () => {
      this.ended = true;
      this.finishIfDone();
    });
    call.on('data', (message: ClassifyStreamRequest) => this.receive(message));
  }

  private finish(end: () => void): void {
    this.finished = true;
    this.stopWatchingDrain();
    this.call.pause();
    end();
  }

  /**
   * A client that half-closed ends OK as usual; while the gateway drains, a stream ends as soon as what it admitted
   * is answered, with UNAVAILABLE: the client retries elsewhere whatever has no answer (the gateway never read it).
   */
  private finishIfDone(): void {
    const { call, deps } = this;
    if (this.finished || this.inFlight > 0 || call.destroyed) return;
    if (this.ended) this.finish(() => call.end());
    else if (deps.drain.draining) this.finish(() => call.emit('error', grpcStatusOf(deps.drain.streamEnd())));
  }

  /**
   * Flow control both ways: stop reading while too many requests are in flight or the client is not reading our
   * answers, so a slow client cannot make the gateway buffer without bound.
   */
  private updateFlow(): void {
    const { call, deps } = this;
    if (this.finished) return;
    const shouldPause = this.inFlight >= deps.maxStreamInFlight || call.writableNeedDrain;
    if (shouldPause && !this.paused) {
      this.paused = true;
      call.pause();
      deps.log.debug({ inFlight: this.inFlight, buffered: call.writableLength }, 'stream paused');
    } else if (!shouldPause && this.paused) {
      this.paused = false;
      call.resume();
      deps.log.debug({ inFlight: this.inFlight, buffered: call.writableLength }, 'stream resumed');
    }
  }

  private receive(message: ClassifyStreamRequest): void {
    // Read after the stream ended (grpc-js had it queued): the end's status answers it.
    if (this.finished) return;
    const { correlationId } = message;
    this.inFlight += 1;
    this.updateFlow();
    // A refused duplicate must not free the id of the request that holds it.
    const refusal = this.refusalOf(message);
    if (refusal) {
      this.fail(correlationId, refusal.error, refusal.holdsId);
      return;
    }
    if (!message.request) {
      this.fail(correlationId, ApiError.invalidArgument([{ field: 'request', description: 'required' }]));
      return;
    }
    this.deps.classification
      .classify('ClassifyStream', message.request, {
        tenantOf: this.tenantOf,
        deadline: deadlineOf(this.call, this.deps.defaultTimeoutMs),
        signal: this.abort.signal,
        parent: this.parent,
      })
      .then(
        (response) => this.answer(correlationId, { correlationId, response }),
        (error: unknown) => this.fail(correlationId, apiErrorOf(error, this.deps.unexpected)),
      );
  }

  /** Why a message is answered without being classified; `holdsId`: whether it took its correlation id. */
  private refusalOf(message: ClassifyStreamRequest): { error: ApiError; holdsId: boolean } | undefined {
    const { correlationId } = message;
    if (this.deps.drain.draining) return { error: this.deps.drain.refusal(), holdsId: false };
    if (correlationId.length > MAX_CORRELATION_ID_CHARS) {
      const description = `${correlationId.length} characters exceed the limit of ${MAX_CORRELATION_ID_CHARS}`;
      return { error: ApiError.invalidArgument([{ field: 'correlation_id', description }]), holdsId: false };
    }
    if (this.inFlightIds.has(correlationId)) {
      const description = `"${correlationId}" is already in flight on this stream`;
      return { error: ApiError.invalidArgument([{ field: 'correlation_id', description }]), holdsId: false };
    }
    this.inFlightIds.add(correlationId);
    // A request the gateway would not decode (too many texts, checked on the wire) is answered here, not decoded.
    const refused = decodeRefusalOf(message);
    return refused ? { error: refused.error, holdsId: true } : undefined;
  }

  private fail(correlationId: string, error: ApiError, holdsId = true): void {
    this.answer(correlationId, { correlationId, error: messageStatusOf(error) }, holdsId);
  }

  private answer(correlationId: string, response: ClassifyStreamResponseInit, holdsId = true): void {
    const { call } = this;
    this.inFlight -= 1;
    if (holdsId) this.inFlightIds.delete(correlationId);
    if (!call.destroyed && !call.cancelled && !call.writableEnded) call.write(response);
    this.updateFlow();
    this.finishIfDone();
  }
}
