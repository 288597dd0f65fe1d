import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * A pino `mixin`: every line logged inside a traced context carries `trace_id` and `span_id` (the names the OTel
 * log data model and Grafana's trace-to-logs links use), so a log line leads to its trace and back.
 */
export function traceLogFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`.slice(-2),
  };
}
