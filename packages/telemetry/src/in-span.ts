import {
  context,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { ATTR } from './span-attributes.ts';

/**
 * Marks a span failed with the error's message and, for errors that carry a numeric gRPC `code` (ApiError), that
 * code. No exception event: a stack says nothing a status does not, and messages are already caller-facing.
 */
export function markSpanFailed(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number') span.setAttribute(ATTR.RPC_GRPC_STATUS_CODE, code);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

/** Runs `fn` inside a child span of `parent` (the active context by default), which ends when `fn` settles. */
export async function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T> | T,
  parent: Context = context.active(),
): Promise<T> {
  const span = tracer.startSpan(name, options, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    markSpanFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}
