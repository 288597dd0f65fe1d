import { join } from 'node:path';
import { ApiError, PROTO_ROOT, type FieldViolation } from '@sieve/api';
import protobuf from 'protobufjs';

/** The sieve.v1 files the HTTP routes speak (they import the rest). */
const FILES = [
  'sieve/v1/inference.proto',
  'sieve/v1/batches.proto',
  'sieve/v1/heads.proto',
  'sieve/v1/models.proto',
  'sieve/v1/admin.proto',
];

/**
 * Nesting a request may have. The walk follows the schema, which is shallow (ClassifyRequest is 3 deep): anything
 * deeper is not a sieve message, and a bound keeps a hostile document from costing more than its size.
 */
const MAX_DEPTH = 16;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INTEGER = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', ...INT64]);

/** A google.protobuf.Duration as protojson writes it: seconds, then 0, 3, 6 or 9 decimals, then "s". */
function durationText(seconds: number, nanos: number): string {
  const digits = String(Math.abs(nanos)).padStart(9, '0');
  const fraction =
    nanos === 0
      ? ''
      : `.${nanos % 1e6 === 0 ? digits.slice(0, 3) : nanos % 1e3 === 0 ? digits.slice(0, 6) : digits}`;
  return `${seconds < 0 || nanos < 0 ? '-' : ''}${Math.abs(seconds)}${fraction}s`;
}

/**
 * proto3's JSON mapping of the sieve messages (what protoc's JSON printers write): lowerCamelCase names (snake_case
 * accepted on input), enums by name, 64-bit integers as strings, bytes as base64, Duration as "1.5s", Timestamp as
 * RFC 3339, Any with "@type". Output keeps scalar and repeated fields at their defaults (`"cached": false`), as
 * protojson's EmitUnpopulated does, so a reader sees every field; unset messages and oneof members are left out.
 * Input is checked against the schema: an unknown field or a value of the wrong type is INVALID_ARGUMENT naming
 * the field, before anything is encoded.
 */
export class ProtoJson {
  private constructor(private readonly root: protobuf.Root) {}

  static load(): ProtoJson {
    const root = new protobuf.Root();
    // Imports are relative to proto/, and google/protobuf/* are protobufjs's own copies.
    root.resolvePath = (_origin, target) =>
      target.startsWith('google/protobuf/') || target.startsWith(PROTO_ROOT)
        ? target
        : join(PROTO_ROOT, target);
    root.loadSync(FILES);
    root.resolveAll();
    return new ProtoJson(root);
  }

  type(name: string): protobuf.Type {
    return this.root.lookupType(name);
  }

  /** JSON in, the message's wire bytes out; INVALID_ARGUMENT naming the field for anything that is not the type. */
  encode(type: protobuf.Type, json: unknown): Buffer {
    const violations: FieldViolation[] = [];
    const plain = this.fromJson(type, json, '', 0, violations);
    if (violations.length > 0) throw ApiError.invalidArgument(violations);
    return Buffer.from(type.encode(type.fromObject(plain)).finish());
  }

  /** Wire bytes in, proto3 JSON out. */
  decode(type: protobuf.Type, bytes: Uint8Array): JsonObject {
    return this.toJson(type, type.decode(bytes) as unknown as Record<string, unknown>);
  }

  toJson(type: protobuf.Type, message: Record<string, unknown>): JsonObject {
    const out: JsonObject = {};
    for (const field of type.fieldsArray) {
      const value = message[field.name];
      // Decoding sets only the fields on the wire; the defaults live on the prototype.
      const set =
        value !== undefined && value !== null && Object.prototype.hasOwnProperty.call(message, field.name);
      if (field.repeated) {
        out[field.name] = ((value as unknown[] | undefined) ?? []).map((item) => this.valueJson(field, item));
      } else if (field.map) {
        const entries = Object.entries((value as Record<string, unknown> | undefined) ?? {});
        out[field.name] = Object.fromEntries(
          entries.map(([key, item]) => [key, this.valueJson(field, item)]),
        );
      } else if (field.resolvedType instanceof protobuf.Type || field.partOf) {
        if (set) out[field.name] = this.valueJson(field, value);
      } else {
        out[field.name] = this.valueJson(field, value ?? field.typeDefault);
      }
    }
    return out;
  }

  private valueJson(field: protobuf.Field, value: unknown): Json {
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Enum) {
      return resolved.valuesById[value as number] ?? (value as number);
    }
    if (resolved instanceof protobuf.Type)
      return this.messageJson(resolved, value as Record<string, unknown>);
    if (INT64.has(field.type)) return String(value ?? 0);
    if (field.type === 'bytes')
      return Buffer.from((value as Uint8Array | undefined) ?? []).toString('base64');
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    return (value as Json) ?? null;
  }

  private messageJson(type: protobuf.Type, value: Record<string, unknown>): Json {
    switch (type.fullName) {
      case '.google.protobuf.Duration':
        return durationText(Number(value.seconds ?? 0), Number(value.nanos ?? 0));
      case '.google.protobuf.Timestamp': {
        const ms = Number(value.seconds ?? 0) * 1000 + Math.floor(Number(value.nanos ?? 0) / 1e6);
        return new Date(ms).toISOString();
      }
      case '.google.protobuf.FieldMask':
        return ((value.paths as string[] | undefined) ?? []).join(',');
      case '.google.protobuf.Any': {
        const typeUrl = String(value.type_url ?? value.typeUrl ?? '');
        const inner = this.root.lookup(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
        if (!(inner instanceof protobuf.Type)) return { '@type': typeUrl };
        const decoded = inner.decode((value.value as Uint8Array | undefined) ?? new Uint8Array());
        return { '@type': typeUrl, ...this.toJson(inner, decoded as unknown as Record<string, unknown>) };
      }
      default:
        return this.toJson(type, value);
    }
  }

  /** The plain object protobufjs's fromObject takes, from JSON checked field by field. */
  private fromJson(
    type: protobuf.Type,
    json: unknown,
    path: string,
    depth: number,
    violations: FieldViolation[],
  ): Record<string, unknown> {
    const at = path || 'body';
    if (depth > MAX_DEPTH) {
      violations.push({ field: at, description: `nested deeper than ${MAX_DEPTH}` });
      return {};
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      violations.push({ field: at, description: `must be a JSON object (${type.name})` });
      return {};
    }
    const byName = new Map<string, protobuf.Field>();
    for (const field of type.fieldsArray) {
      byName.set(field.name, field);
      byName.set(snakeCase(field.name), field);
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(json)) {
      const field = byName.get(key);
      const fieldPath = path ? `${path}.${snakeCase(key)}` : snakeCase(key);
      if (!field) {
        violations.push({ field: fieldPath, description: `unknown field of ${type.name}` });
        continue;
      }
      if (value === null) continue;
      if (field.repeated) {
        if (!Array.isArray(value)) {
          violations.push({ field: fieldPath, description: 'must be a JSON array' });
          continue;
        }
        out[field.name] = value.map((item, i) =>
          this.valueFromJson(field, item, `${fieldPath}[${i}]`, depth + 1, violations),
        );
      } else {
        out[field.name] = this.valueFromJson(field, value, fieldPath, depth + 1, violations);
      }
    }
    return out;
  }

  private valueFromJson(
    field: protobuf.Field,
    value: unknown,
    path: string,
    depth: number,
    violations: FieldViolation[],
  ): unknown {
    const wrong = (expected: string) => {
      violations.push({ field: path, description: `must be ${expected}` });
      return undefined;
    };
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Enum) {
      if (typeof value === 'string' && value in resolved.values) return value;
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      return wrong(`one of ${Object.keys(resolved.values).join(', ')}`);
    }
    if (resolved instanceof protobuf.Type) {
      if (resolved.fullName === '.google.protobuf.Duration') {
        const match = typeof value === 'string' ? /^(-?\d{1,12})(?:\.(\d{1,9}))?s$/.exec(value) : null;
        if (!match) return wrong('a duration like "1.5s"');
        const seconds = Number(match[1]);
        const nanos = Number((match[2] ?? '').padEnd(9, '0')) * (seconds < 0 ? -1 : 1);
        return { seconds, nanos };
      }
      if (resolved.fullName === '.google.protobuf.Timestamp') {
        const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
        if (!Number.isFinite(ms)) return wrong('an RFC 3339 timestamp');
        return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
      }
      return this.fromJson(resolved, value, path, depth, violations);
    }
    switch (field.type) {
      case 'string':
        return typeof value === 'string' ? value : wrong('a string');
      case 'bool':
        return typeof value === 'boolean' ? value : wrong('true or false');
      case 'bytes':
        return typeof value === 'string' ? Buffer.from(value, 'base64') : wrong('base64 text');
      case 'double':
      case 'float': {
        const number = typeof value === 'string' ? Number(value) : value;
        return typeof number === 'number' && !Number.isNaN(number) ? number : wrong('a number');
      }
      default: {
        if (!INTEGER.has(field.type)) return wrong(field.type);
        const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
        if (typeof number !== 'number' || !Number.isSafeInteger(number)) return wrong('an integer');
        if (number < 0 && field.type.startsWith('u')) return wrong('zero or more');
        return number;
      }
    }
  }
}
