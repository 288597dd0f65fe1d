import { status, type ServiceDefinition } from '@grpc/grpc-js';
import { ApiError } from '@sieve/api';
import { decodeRefusalOf, refusedMessage, type DecodeRefusal } from './decode-refusal.ts';
import { RepeatedFieldBounds, withoutField, type RepeatedFieldBound } from './repeated-field-bounds.ts';
import { messageTypeName, requestTypeOf } from './request-message-types.ts';
import { markInvalidUtf8 } from './utf8-field-check.ts';

export interface DecodingChecks {
  /** Bounds on repeated fields, by method name (`Classify`), checked on the wire before decoding. */
  bounds?: Partial<Record<string, readonly RepeatedFieldBound[]>>;
  /** Largest request message, in bytes, for methods anyone may call (no credential decides who may send what). */
  maxBytes?: number;
}

/**
 * The service with each request deserializer wrapped: a message past `maxBytes` or past a repeated-field bound is
 * refused before protobufjs decodes anything, bytes that are not protobuf are refused as INVALID_ARGUMENT (grpc-js
 * would answer INTERNAL), and decoded messages carry marks for strings that are not UTF-8. Refusals are stand-ins
 * marked for the admission interceptor (decode-refusal), since a deserializer cannot answer a call itself.
 */
export function withCheckedDecoding<Service extends ServiceDefinition>(
  service: Service,
  checks: DecodingChecks = {},
): Service {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service)) {
    const type = requestTypeOf(method.path);
    const deserialize = method.requestDeserialize as (bytes: Buffer) => unknown;
    const bounds = type ? new RepeatedFieldBounds(type, checks.bounds?.[name] ?? []) : undefined;
    const what = type
      ? `a valid ${messageTypeName(type)} message`
      : `a valid request message for ${method.path}`;
    const decode = (bytes: Buffer): unknown => {
      try {
        return deserialize(bytes);
      } catch (error) {
        const reason = error instanceof Error ? `: ${error.message}` : '';
        return refused({
          scope: 'call',
          error: ApiError.withReason(
            status.INVALID_ARGUMENT,
            'INVALID_REQUEST',
            `the request is not ${what}${reason}`,
          ),
        });
      }
    };
    wrapped[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        if (checks.maxBytes !== undefined && bytes.length > checks.maxBytes) {
          return refused({
            scope: 'call',
            error: new ApiError(
              status.RESOURCE_EXHAUSTED,
              `a ${method.path} request is at most ${checks.maxBytes} bytes; this one has ${bytes.length}`,
            ),
          });
        }
        if (type && bounds && !bounds.empty) {
          const refusal = boundRefusal(bounds, bytes, decode);
          if (refusal) return refusal;
        }
        const decoded = decode(bytes);
        if (type && !decodeRefusalOf(decoded)) {
          try {
            markInvalidUtf8(type, bytes, decoded);
          } catch {
            // Bytes the real decoder accepted; a checker that cannot follow them must not fail the call.
          }
        }
        return decoded;
      },
    };
  }
  return wrapped as Service;
}

const refused = (refusal: DecodeRefusal) => refusedMessage(refusal, {});

/** The stand-in for a message past a bound, or undefined when it is within them (or the scan cannot follow it). */
function boundRefusal(
  bounds: RepeatedFieldBounds,
  bytes: Buffer,
  decode: (bytes: Buffer) => unknown,
): unknown {
  let exceeded: ReturnType<RepeatedFieldBounds['exceeded']>;
  try {
    exceeded = bounds.exceeded(bytes);
  } catch {
    return undefined; // not protobuf: the decoder says so, in its own words
  }
  if (!exceeded) return undefined;
  const { bound, topLevelField } = exceeded;
  const error = ApiError.invalidArgument([
    {
      field: bound.field,
      description: `more than ${bound.max} ${bound.noun} exceed the limit of ${bound.max} per ${bound.per}`,
    },
  ]);
  if (!bound.answeredPerMessage) return refused({ scope: 'call', error });
  // The rest of the message (its correlation id) is small and decoded, so that the answer names the request.
  let rest: unknown;
  try {
    rest = decode(withoutField(bytes, topLevelField));
  } catch {
    return refused({ scope: 'call', error });
  }
  if (!rest || typeof rest !== 'object' || decodeRefusalOf(rest)) return rest;
  return refusedMessage({ scope: 'message', error }, rest);
}
