import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AdminProto } from './generated/admin';
import type { ProtoGrpcType as BatchesProto } from './generated/batches';
import type { ProtoGrpcType as HeadsProto } from './generated/heads';
import type { ProtoGrpcType as InferenceProto } from './generated/inference';
import type { ProtoGrpcType as ModelsProto } from './generated/models';
import { LOADER_OPTIONS, PROTO_FILES, PROTO_INCLUDE_DIRS } from './proto-files.ts';

export type SieveProtoGrpcType = InferenceProto & BatchesProto & HeadsProto & ModelsProto & AdminProto;

export interface SieveProtos {
  /** Needed as is by @grpc/reflection. */
  packageDefinition: protoLoader.PackageDefinition;
  grpc: SieveProtoGrpcType;
}

let loaded: SieveProtos | undefined;

/** Loads the whole sieve.v1 contract once per process. */
export function loadSieveProtos(): SieveProtos {
  if (!loaded) {
    const packageDefinition = protoLoader.loadSync(PROTO_FILES, {
      ...LOADER_OPTIONS,
      includeDirs: PROTO_INCLUDE_DIRS,
    });
    loaded = {
      packageDefinition,
      grpc: grpc.loadPackageDefinition(packageDefinition) as unknown as SieveProtoGrpcType,
    };
  }
  return loaded;
}
