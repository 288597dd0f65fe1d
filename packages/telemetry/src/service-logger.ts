import { pino, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';
import { traceLogFields } from './log-trace-fields.ts';

/**
 * Fields censored wherever they appear at the top level or one level down: a key or the texts must never reach a
 * log even if some future line passes a request or metadata object whole. Numbers pass (`texts: 3` is a count).
 */
const REDACT = [
  'texts',
  '*.texts',
  'authorization',
  '*.authorization',
  'apiKey',
  '*.apiKey',
  '["x-api-key"]',
  '*["x-api-key"]',
  'password',
  '*.password',
  'adminToken',
  '*.adminToken',
];

/** A service's logger: JSON lines at the configured level, tagged with the service and the active trace. */
export function createServiceLogger(options: {
  service: string;
  level: LevelWithSilent;
  destination?: DestinationStream;
}): Logger {
  const settings = {
    level: options.level,
    base: { service: options.service },
    mixin: traceLogFields,
    redact: { paths: REDACT, censor: (value: unknown) => (typeof value === 'number' ? value : '[redacted]') },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
