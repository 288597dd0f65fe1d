import { isUtf8 } from 'node:buffer';
import protobuf from 'protobufjs';

/**
 * proto3 strings must be UTF-8, but protobufjs decodes any bytes, turning invalid sequences into U+FFFD: a text
 * with broken bytes would be classified (and billed) as something its sender never wrote. The request bytes are
 * therefore checked beside the normal decoding (checked-request-decoding), and each decoded message remembers which
 * of its string fields were not UTF-8, so that validation answers INVALID_ARGUMENT naming them (`texts[3]`,
 * `chunk.items[2].text`). Marks live in a WeakMap keyed by the decoded objects: nothing is added to the messages
 * handlers see.
 */
const invalidFields = new WeakMap<object, string[]>();

/** The string fields of this decoded message (not of messages inside it) that held invalid UTF-8, e.g. `texts[2]`. */
export function invalidUtf8Fields(message: object | null | undefined): readonly string[] {
  return (message && invalidFields.get(message)) || [];
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * Walks the wire bytes beside the decoded object, field by field, the same way the decoder filled it, and marks the
 * objects whose strings were not UTF-8. Throws on bytes it cannot follow (the caller ignores that: the real decoder
 * accepted them).
 */
export function markInvalidUtf8(type: protobuf.Type, bytes: Uint8Array, decoded: unknown): void {
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
      markInvalidUtf8(
        field.resolvedType,
        value,
        field.repeated ? (child as unknown[] | undefined)?.[index] : child,
      );
    }
  }
  if (invalid.length > 0) invalidFields.set(decoded, invalid);
}
