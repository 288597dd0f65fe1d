// Original file: sieve/v1/models.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetModelRequest as _sieve_v1_GetModelRequest, GetModelRequest__Output as _sieve_v1_GetModelRequest__Output } from '../../sieve/v1/GetModelRequest';
import type { GetModelResponse as _sieve_v1_GetModelResponse, GetModelResponse__Output as _sieve_v1_GetModelResponse__Output } from '../../sieve/v1/GetModelResponse';
import type { ListModelsRequest as _sieve_v1_ListModelsRequest, ListModelsRequest__Output as _sieve_v1_ListModelsRequest__Output } from '../../sieve/v1/ListModelsRequest';
import type { ListModelsResponse as _sieve_v1_ListModelsResponse, ListModelsResponse__Output as _sieve_v1_ListModelsResponse__Output } from '../../sieve/v1/ListModelsResponse';

/**
 * The models this cluster serves, their versions and their state.
 */
export interface ModelsClient extends grpc.Client {
  /**
   * Accepts "name", "name@version" or "name@sha256:<hex>"; an unknown model answers NOT_FOUND. With the caller's API
   * key, also "model+head[@version]": one of the tenant's heads, with its labels and state.
   */
  Get(argument: _sieve_v1_GetModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _sieve_v1_GetModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _sieve_v1_GetModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _sieve_v1_GetModelRequest, callback: grpc.requestCallback<_sieve_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Accepts "name", "name@version" or "name@sha256:<hex>"; an unknown model answers NOT_FOUND. With the caller's API
   * key, also "model+head[@version]": one of the tenant's heads, with its labels and state.
   */
  get(argument: _sieve_v1_GetModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetModelRequest, callback: grpc.requestCallback<_sieve_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
  
  List(argument: _sieve_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _sieve_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _sieve_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _sieve_v1_ListModelsRequest, callback: grpc.requestCallback<_sieve_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListModelsRequest, callback: grpc.requestCallback<_sieve_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The models this cluster serves, their versions and their state.
 */
export interface ModelsHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Accepts "name", "name@version" or "name@sha256:<hex>"; an unknown model answers NOT_FOUND. With the caller's API
   * key, also "model+head[@version]": one of the tenant's heads, with its labels and state.
   */
  Get: grpc.handleUnaryCall<_sieve_v1_GetModelRequest__Output, _sieve_v1_GetModelResponse>;
  
  List: grpc.handleUnaryCall<_sieve_v1_ListModelsRequest__Output, _sieve_v1_ListModelsResponse>;
  
}

export interface ModelsDefinition extends grpc.ServiceDefinition {
  Get: MethodDefinition<_sieve_v1_GetModelRequest, _sieve_v1_GetModelResponse, _sieve_v1_GetModelRequest__Output, _sieve_v1_GetModelResponse__Output>
  List: MethodDefinition<_sieve_v1_ListModelsRequest, _sieve_v1_ListModelsResponse, _sieve_v1_ListModelsRequest__Output, _sieve_v1_ListModelsResponse__Output>
}
