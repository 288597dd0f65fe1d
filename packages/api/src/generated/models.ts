import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { GetModelRequest as _sieve_v1_GetModelRequest, GetModelRequest__Output as _sieve_v1_GetModelRequest__Output } from './sieve/v1/GetModelRequest';
import type { GetModelResponse as _sieve_v1_GetModelResponse, GetModelResponse__Output as _sieve_v1_GetModelResponse__Output } from './sieve/v1/GetModelResponse';
import type { ListModelsRequest as _sieve_v1_ListModelsRequest, ListModelsRequest__Output as _sieve_v1_ListModelsRequest__Output } from './sieve/v1/ListModelsRequest';
import type { ListModelsResponse as _sieve_v1_ListModelsResponse, ListModelsResponse__Output as _sieve_v1_ListModelsResponse__Output } from './sieve/v1/ListModelsResponse';
import type { Model as _sieve_v1_Model, Model__Output as _sieve_v1_Model__Output } from './sieve/v1/Model';
import type { ModelsClient as _sieve_v1_ModelsClient, ModelsDefinition as _sieve_v1_ModelsDefinition } from './sieve/v1/Models';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  sieve: {
    v1: {
      GetModelRequest: MessageTypeDefinition<_sieve_v1_GetModelRequest, _sieve_v1_GetModelRequest__Output>
      GetModelResponse: MessageTypeDefinition<_sieve_v1_GetModelResponse, _sieve_v1_GetModelResponse__Output>
      ListModelsRequest: MessageTypeDefinition<_sieve_v1_ListModelsRequest, _sieve_v1_ListModelsRequest__Output>
      ListModelsResponse: MessageTypeDefinition<_sieve_v1_ListModelsResponse, _sieve_v1_ListModelsResponse__Output>
      Model: MessageTypeDefinition<_sieve_v1_Model, _sieve_v1_Model__Output>
      ModelState: EnumTypeDefinition
      /**
       * The models this cluster serves, their versions and their state.
       */
      Models: SubtypeConstructor<typeof grpc.Client, _sieve_v1_ModelsClient> & { service: _sieve_v1_ModelsDefinition }
    }
  }
}

