import type { ServiceDefinition } from '@grpc/grpc-js';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { PROTO_ROOT } from '@sieve/api';

/**
 * proto3 strings must be UTF-8, but protobufjs decodes any bytes, turning invalid sequences into U+FFFD: a text
 * with broken bytes would be classified (and billed) as something its sender never wrote. The request bytes are
 * therefore checked beside the normal decoding, and each decoded message remembers which of its string fields
 * were not UTF-8, so that validation answers INVALID_ARGUMENT naming them (`texts[3]`, `chunk.items[2].text`).
 * Marks live in a WeakMap keyed by the decoded objects: nothing is added to the messages handlers see.
 */
const invalidFields = new WeakMap<object, string[]>();

/** The string fields of this decoded message (not of messages inside it) that held invalid UTF-8, e.g. `texts[2]`. */
export function invalidUtf8Fields(message: object | null | undefined): readonly string[] {
  return (message && invalidFields.get(message)) || [];
}

let root: protobuf.Root | undefined;

function protoRoot(): protobuf.Root {
  if (!root) {
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) => join(PROTO_ROOT, target);
    root.loadSync(['sieve/v1/inference.proto', 'sieve/v1/batches.proto', 'sieve/v1/heads.proto']);
    root.resolveAll();
  }
  return root;
}

/** The service with each request deserializer also marking the decoded messages' invalid UTF-8 strings. */
export function withUtf8Checks<Service extends ServiceDefinition>(service: Service): Service {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service)) {
    const match = /^\/([^/]+)\/([^/]+)$/.exec(method.path);
    const requestType = match
      ? protoRoot().lookupService(match[1]!).methods[match[2]!]?.resolvedRequestType
      : null;
    if (!requestType) {
      wrapped[name] = method;
      continue;
    }
    const deserialize = method.requestDeserialize;
    wrapped[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        const decoded: unknown = deserialize(bytes);
        try {
          mark(requestType, bytes, decoded);
        } catch {
          // Bytes the real decoder accepted; a checker that cannot follow them must not fail the call.
        }
        return decoded;
      },
    };
  }
  return wrapped as Service;
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Walks the wire bytes beside the decoded object, field by field, the same way the decoder filled it. */
function mark(type: protobuf.Type, bytes: Uint8Array, decoded: unknown): void {
  if (!decoded || typeof decoded !== 'object') return;
  const reader = protobuf.Reader.create(bytes);
  const occurrences = new Map<number, number>();
  const invalid: string[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    const field = type.fieldsById[tag >>> 3];
    if (!field || wireType !== 2 || field.map) {
      reader.skipType(wireType);
      continue;
    }
    const index = occurrences.get(field.id) ?? 0;
    occurrences.set(field.id, index + 1);
    const value = reader.bytes();
    if (field.type === 'string') {
      if (!isUtf8(value))
        invalid.push(field.repeated ? `${snakeCase(field.name)}[${index}]` : snakeCase(field.name));
    } else if (field.resolvedType instanceof protobuf.Type) {
      const child = (decoded as Record<string, unknown>)[field.name];
      mark(field.resolvedType, value, field.repeated ? (child as unknown[] | undefined)?.[index] : child);
    }
  }
  if (invalid.length > 0) invalidFields.set(decoded, invalid);
}
