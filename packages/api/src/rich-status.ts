// google.rpc.Status with typed details, carried in the `grpc-status-details-bin` trailer as every gRPC
// ecosystem expects (grpcio-status, Go's status.FromError, buf curl), so callers in any language read them.
import type { status as GrpcStatus } from '@grpc/grpc-js';
import { Metadata, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { join } from 'node:path';
import type { BadRequest } from './generated/google/rpc/BadRequest';
import type { ErrorInfo } from './generated/google/rpc/ErrorInfo';
import type { QuotaFailure } from './generated/google/rpc/QuotaFailure';
import type { ResourceInfo } from './generated/google/rpc/ResourceInfo';
import { PROTO_ROOT } from './proto-files.ts';

export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
export const ERROR_DOMAIN = 'sieve';
const TYPE_URL_PREFIX = 'type.googleapis.com/';

export interface FieldViolation {
  field: string;
  description: string;
}

export interface QuotaViolation {
  subject: string;
  description: string;
}

/** The google.rpc detail types sieve sends, decoded. Durations are in milliseconds. */
export interface StatusDetails {
  errorInfo?: { reason: string; domain?: string; metadata?: Record<string, string> };
  badRequest?: { fieldViolations: FieldViolation[] };
  quotaFailure?: { violations: QuotaViolation[] };
  retryDelayMs?: number;
  resourceInfo?: { resourceType: string; resourceName: string; description?: string };
}

let root: protobuf.Root | undefined;
function rpcTypes(): protobuf.Root {
  root ??= protobuf.loadSync([
    join(PROTO_ROOT, 'google/rpc/status.proto'),
    join(PROTO_ROOT, 'google/rpc/error_details.proto'),
  ]);
  return root;
}

function pack(typeName: string, payload: object): { type_url: string; value: Uint8Array } {
  const type = rpcTypes().lookupType(typeName);
  return { type_url: TYPE_URL_PREFIX + typeName, value: type.encode(type.fromObject(payload)).finish() };
}

/** Encodes a google.rpc.Status message for the trailer. */
export function encodeStatusDetails(code: GrpcStatus, message: string, details: StatusDetails): Buffer {
  const any = packDetailList(details);
  const statusType = rpcTypes().lookupType('google.rpc.Status');
  const encoded = statusType.encode(statusType.fromObject({ code, message, details: any })).finish();
  return Buffer.from(encoded);
}

/** The details as google.protobuf.Any values, for a google.rpc.Status sent as a message field (stream answers). */
export function packDetails(details: StatusDetails): Array<{ type_url: string; value: Buffer }> {
  return packDetailList(details).map((any) => ({ type_url: any.type_url, value: Buffer.from(any.value) }));
}

function packDetailList(details: StatusDetails): Array<{ type_url: string; value: Uint8Array }> {
  const any: Array<{ type_url: string; value: Uint8Array }> = [];
  if (details.errorInfo) {
    const info: ErrorInfo = { domain: ERROR_DOMAIN, ...details.errorInfo };
    any.push(pack('google.rpc.ErrorInfo', info));
  }
  if (details.badRequest) {
    const badRequest: BadRequest = { fieldViolations: details.badRequest.fieldViolations };
    any.push(pack('google.rpc.BadRequest', badRequest));
  }
  if (details.quotaFailure) {
    const quota: QuotaFailure = { violations: details.quotaFailure.violations };
    any.push(pack('google.rpc.QuotaFailure', quota));
  }
  if (details.retryDelayMs !== undefined) {
    const ms = Math.max(0, Math.ceil(details.retryDelayMs));
    any.push(
      pack('google.rpc.RetryInfo', {
        retryDelay: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 },
      }),
    );
  }
  if (details.resourceInfo) {
    const info: ResourceInfo = details.resourceInfo;
    any.push(pack('google.rpc.ResourceInfo', info));
  }
  return any;
}

/** Decodes a google.rpc.Status (from the trailer, or a Status message's bytes). Unknown detail types are skipped. */
export function decodeStatusDetails(bytes: Uint8Array): {
  code: number;
  message: string;
  details: StatusDetails;
} {
  const types = rpcTypes();
  const statusType = types.lookupType('google.rpc.Status');
  const decoded = statusType.toObject(statusType.decode(bytes), { longs: Number, defaults: true }) as {
    code: number;
    message: string;
    details: Array<{ type_url: string; value: Uint8Array }>;
  };
  return { code: decoded.code, message: decoded.message, details: unpackDetails(decoded.details) };
}

/** Decodes the detail list of a google.rpc.Status that arrived as a message field (e.g. a stream answer). */
export function unpackDetails(
  anys: Array<{ type_url?: string; typeUrl?: string; value: Uint8Array }>,
): StatusDetails {
  const types = rpcTypes();
  const details: StatusDetails = {};
  for (const any of anys) {
    const typeName = (any.type_url ?? any.typeUrl ?? '').slice(TYPE_URL_PREFIX.length);
    const type = types.lookupTypeOrEnum(typeName);
    if (!(type instanceof protobuf.Type)) continue;
    const value = type.toObject(type.decode(any.value), { longs: Number, defaults: true });
    switch (typeName) {
      case 'google.rpc.ErrorInfo':
        details.errorInfo = value as StatusDetails['errorInfo'];
        break;
      case 'google.rpc.BadRequest':
        details.badRequest = {
          fieldViolations: ((value.fieldViolations ?? []) as FieldViolation[]).map(
            ({ field, description }) => ({
              field,
              description,
            }),
          ),
        };
        break;
      case 'google.rpc.QuotaFailure':
        details.quotaFailure = {
          violations: ((value.violations ?? []) as QuotaViolation[]).map(({ subject, description }) => ({
            subject,
            description,
          })),
        };
        break;
      case 'google.rpc.RetryInfo': {
        const delay = (value.retryDelay ?? { seconds: 0, nanos: 0 }) as { seconds: number; nanos: number };
        details.retryDelayMs = delay.seconds * 1000 + delay.nanos / 1_000_000;
        break;
      }
      case 'google.rpc.ResourceInfo':
        details.resourceInfo = value as StatusDetails['resourceInfo'];
        break;
    }
  }
  return details;
}

/** Reads the rich details of an error a sieve server returned; empty when it carried none. */
export function statusDetailsOf(error: Pick<ServiceError, 'metadata'>): StatusDetails {
  const raw = error.metadata?.get(STATUS_DETAILS_KEY)[0];
  if (!raw || typeof raw === 'string') return {};
  return decodeStatusDetails(raw).details;
}

/** Trailing metadata carrying the encoded status, for `callback(error)` and `call.emit('error', ...)`. */
export function statusMetadata(code: GrpcStatus, message: string, details: StatusDetails): Metadata {
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS_KEY, encodeStatusDetails(code, message, details));
  return metadata;
}

export type { StatusObject };
