// The wire format between gateway and worker, kept compact because every byte crosses Redis twice.
import type { TruncationCode } from './truncation-code.ts';

/** One caller's request inside a job. Several concurrent requests to one model share a job. */
export interface JobRequest {
  /** Unique per gateway process; the reply is routed back by it. */
  id: string;
  texts: string[];
  /** 0: all labels. */
  topK: number;
  raw: boolean;
  truncation: TruncationCode;
  /** Epoch ms after which the caller is gone; work past it is skipped, not computed. */
  deadline: number;
  /** Epoch ms when the gateway accepted it (queue time is measured from here). */
  acceptedAt: number;
  priority: number;
  /** The tenant the work is for, and its fair-share weight (batches are shared between tenants by weight). */
  tenant?: string;
  weight?: number;
  /** W3C trace context of the caller, when tracing is on. */
  traceparent?: string;
  /** A head of the tenant to score with instead of the model's own labels (`MODEL+HEAD@version`). */
  head?: JobHead;
}

/** Which head version scores a request: its weights are stored under the tenant and `id`. */
export interface JobHead {
  id: string;
  name: string;
  version: number;
}

export interface ClassifyJob {
  /** Reply channel (the gateway id) the results go to. */
  gateway: string;
  requests: JobRequest[];
}

export interface TextOutcome {
  labels: Array<{ label: string; score: number }>;
  tokenCount: number;
  truncated: boolean;
}

export interface ReplyTimings {
  queueMs: number;
  tokenizeMs: number;
  inferenceMs: number;
}

export interface ReplyError {
  /** gRPC status code: one of `ReplyStatus` when a worker sends it. */
  code: number;
  message: string;
  /** sieve.v1.ErrorReason name. */
  reason?: string;
  violations?: Array<{ field: string; description: string }>;
}

/** What a worker publishes on the gateway's reply channel for one request. */
export type Reply =
  | { id: string; ok: true; model: string; digest: string; results: TextOutcome[]; timings: ReplyTimings }
  | { id: string; ok: false; error: ReplyError };
