import protobuf from 'protobufjs';

/** A most-entries bound on one repeated field of a request message. */
export interface RepeatedFieldBound {
  /** Field names (as in the .proto) from the request message down to the repeated field, e.g. ['request', 'texts']. */
  path: readonly string[];
  max: number;
  /** The field as errors name it, e.g. `texts`, `chunk.items`. */
  field: string;
  /** What one entry is, for the error: `texts`, `items`. */
  noun: string;
  /** What the limit counts per, for the error: `call`, `message`, `head`. */
  per: string;
  /**
   * Set on a bound inside a stream's request: the message is answered with the refusal, the stream goes on. The
   * top-level field holding the request is left out and the rest decoded, so that the answer carries its id.
   */
  answeredPerMessage?: boolean;
}

interface CompiledBound {
  bound: RepeatedFieldBound;
  /** Field numbers along the path. */
  ids: number[];
}

/**
 * Checks a message's repeated fields against their bounds from the wire bytes alone: it reads field tags and
 * lengths and skips every payload, so nothing is decoded or copied, and it stops at the first entry past a limit.
 * A message of millions of one-byte texts is refused after reading 257 tags, where protobufjs would have built
 * millions of strings first. Entries are counted wherever they appear: protobuf allows a repeated field's entries
 * anywhere in the message and a singular message field to occur more than once (each occurrence is decoded).
 */
export class RepeatedFieldBounds {
  private readonly compiled: CompiledBound[];

  constructor(type: protobuf.Type, bounds: readonly RepeatedFieldBound[]) {
    this.compiled = bounds.map((bound) => ({ bound, ids: fieldIds(type, bound.path) }));
  }

  get empty(): boolean {
    return this.compiled.length === 0;
  }

  /**
   * The first bound the message exceeds (with the number of the top-level field holding it), or undefined. Throws
   * on bytes that are not protobuf.
   */
  exceeded(bytes: Uint8Array): { bound: RepeatedFieldBound; topLevelField: number } | undefined {
    const found = this.compiled.find(({ bound, ids }) => countExceeds(bytes, ids, bound.max));
    return found && { bound: found.bound, topLevelField: found.ids[0]! };
  }
}

/** The message's bytes without any occurrence of top-level field number `id` (to decode the rest of it cheaply). */
export function withoutField(bytes: Uint8Array, id: number): Buffer {
  const kept: Uint8Array[] = [];
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const tag = reader.uint32();
    reader.skipType(tag & 7);
    if (tag >>> 3 !== id) kept.push(bytes.subarray(start, reader.pos));
  }
  return Buffer.concat(kept);
}

function fieldIds(type: protobuf.Type, path: readonly string[]): number[] {
  const ids: number[] = [];
  let current: protobuf.Type | null = type;
  path.forEach((name, index) => {
    const field: protobuf.Field | undefined = current?.fields[camelCase(name)] ?? current?.fields[name];
    if (!field) throw new Error(`${type.fullName} has no field ${path.slice(0, index + 1).join('.')}`);
    field.resolve();
    const last = index === path.length - 1;
    if (last ? !field.repeated : !(field.resolvedType instanceof protobuf.Type)) {
      throw new Error(`${type.fullName}: ${path.join('.')} is not a repeated field inside messages`);
    }
    ids.push(field.id);
    current = last ? null : (field.resolvedType as protobuf.Type);
  });
  return ids;
}

const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

function countExceeds(bytes: Uint8Array, ids: readonly number[], max: number): boolean {
  let count = 0;
  const walk = (buffer: Uint8Array, depth: number): boolean => {
    const reader = protobuf.Reader.create(buffer);
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      const wireType = tag & 7;
      if (tag >>> 3 !== ids[depth] || wireType !== 2) {
        reader.skipType(wireType);
        continue;
      }
      const length = reader.uint32();
      const start = reader.pos;
      reader.skip(length);
      if (depth === ids.length - 1) {
        count += 1;
        if (count > max) return true;
      } else if (walk(buffer.subarray(start, start + length), depth + 1)) {
        return true;
      }
    }
    return false;
  };
  return walk(bytes, 0);
}
