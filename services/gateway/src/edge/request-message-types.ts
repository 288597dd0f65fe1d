import { join } from 'node:path';
import protobuf from 'protobufjs';
import { PROTO_ROOT } from '@sieve/api';

let root: protobuf.Root | undefined;

/** The sieve.v1 protos whose requests the gateway checks on the wire (loaded once, on first use). */
function protoRoot(): protobuf.Root {
  if (!root) {
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) => join(PROTO_ROOT, target);
    root.loadSync([
      'sieve/v1/inference.proto',
      'sieve/v1/batches.proto',
      'sieve/v1/heads.proto',
      'sieve/v1/models.proto',
      'sieve/v1/admin.proto',
    ]);
    root.resolveAll();
  }
  return root;
}

/**
 * The request message type of a sieve method path (`/sieve.v1.Inference/Classify`) as protobufjs reflection, for
 * reading its wire bytes field by field; undefined for methods of other packages (health, reflection).
 */
export function requestTypeOf(methodPath: string): protobuf.Type | undefined {
  const match = /^\/(sieve\.v1\.[^/]+)\/([^/]+)$/.exec(methodPath);
  if (!match) return undefined;
  const service = protoRoot().lookup(match[1]!);
  if (!(service instanceof protobuf.Service)) return undefined;
  return service.methods[match[2]!]?.resolvedRequestType ?? undefined;
}

/** `sieve.v1.ClassifyRequest` for a type (protobufjs names it with a leading dot). */
export function messageTypeName(type: protobuf.Type): string {
  return type.fullName.replace(/^\./, '');
}
