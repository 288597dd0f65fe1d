// Original file: sieve/v1/heads.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeleteHeadRequest as _sieve_v1_DeleteHeadRequest, DeleteHeadRequest__Output as _sieve_v1_DeleteHeadRequest__Output } from '../../sieve/v1/DeleteHeadRequest';
import type { DeleteHeadResponse as _sieve_v1_DeleteHeadResponse, DeleteHeadResponse__Output as _sieve_v1_DeleteHeadResponse__Output } from '../../sieve/v1/DeleteHeadResponse';
import type { GetHeadRequest as _sieve_v1_GetHeadRequest, GetHeadRequest__Output as _sieve_v1_GetHeadRequest__Output } from '../../sieve/v1/GetHeadRequest';
import type { GetHeadResponse as _sieve_v1_GetHeadResponse, GetHeadResponse__Output as _sieve_v1_GetHeadResponse__Output } from '../../sieve/v1/GetHeadResponse';
import type { ListHeadsRequest as _sieve_v1_ListHeadsRequest, ListHeadsRequest__Output as _sieve_v1_ListHeadsRequest__Output } from '../../sieve/v1/ListHeadsRequest';
import type { ListHeadsResponse as _sieve_v1_ListHeadsResponse, ListHeadsResponse__Output as _sieve_v1_ListHeadsResponse__Output } from '../../sieve/v1/ListHeadsResponse';
import type { TrainHeadRequest as _sieve_v1_TrainHeadRequest, TrainHeadRequest__Output as _sieve_v1_TrainHeadRequest__Output } from '../../sieve/v1/TrainHeadRequest';
import type { TrainHeadResponse as _sieve_v1_TrainHeadResponse, TrainHeadResponse__Output as _sieve_v1_TrainHeadResponse__Output } from '../../sieve/v1/TrainHeadResponse';

/**
 * Classification heads trained on a served model's pooled features: a tenant's own labels on a shared backbone,
 * without retraining it. A head is named "MODEL+HEAD" (its latest version) or "MODEL+HEAD@VERSION" wherever a
 * model is named (Inference.Classify, Batches, Models.Get); in one batch the backbone runs once for all texts,
 * whichever head each asked for. Every call is scoped to the caller's tenant; another tenant's head answers
 * NOT_FOUND.
 */
export interface HeadsClient extends grpc.Client {
  Delete(argument: _sieve_v1_DeleteHeadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_DeleteHeadResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _sieve_v1_DeleteHeadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_DeleteHeadResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _sieve_v1_DeleteHeadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_DeleteHeadResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _sieve_v1_DeleteHeadRequest, callback: grpc.requestCallback<_sieve_v1_DeleteHeadResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _sieve_v1_DeleteHeadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_DeleteHeadResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _sieve_v1_DeleteHeadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_DeleteHeadResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _sieve_v1_DeleteHeadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_DeleteHeadResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _sieve_v1_DeleteHeadRequest, callback: grpc.requestCallback<_sieve_v1_DeleteHeadResponse__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _sieve_v1_GetHeadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetHeadResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _sieve_v1_GetHeadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetHeadResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _sieve_v1_GetHeadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetHeadResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _sieve_v1_GetHeadRequest, callback: grpc.requestCallback<_sieve_v1_GetHeadResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetHeadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetHeadResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetHeadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetHeadResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetHeadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetHeadResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetHeadRequest, callback: grpc.requestCallback<_sieve_v1_GetHeadResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Every version of the tenant's heads, newest first.
   */
  List(argument: _sieve_v1_ListHeadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListHeadsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _sieve_v1_ListHeadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ListHeadsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _sieve_v1_ListHeadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListHeadsResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _sieve_v1_ListHeadsRequest, callback: grpc.requestCallback<_sieve_v1_ListHeadsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Every version of the tenant's heads, newest first.
   */
  list(argument: _sieve_v1_ListHeadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListHeadsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListHeadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ListHeadsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListHeadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListHeadsResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListHeadsRequest, callback: grpc.requestCallback<_sieve_v1_ListHeadsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Client-streaming: the first message carries the spec, the following ones carry labelled examples. The head
   * version exists once the stream completes, in state TRAINING; a worker serving the base model then trains it
   * (Get follows it to READY or FAILED). A retry with the same idempotency_key returns the version the first
   * complete upload created.
   */
  Train(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_TrainHeadResponse__Output>): grpc.ClientWritableStream<_sieve_v1_TrainHeadRequest>;
  Train(metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_TrainHeadResponse__Output>): grpc.ClientWritableStream<_sieve_v1_TrainHeadRequest>;
  Train(options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_TrainHeadResponse__Output>): grpc.ClientWritableStream<_sieve_v1_TrainHeadRequest>;
  Train(callback: grpc.requestCallback<_sieve_v1_TrainHeadResponse__Output>): grpc.ClientWritableStream<_sieve_v1_TrainHeadRequest>;
  /**
   * Client-streaming: the first message carries the spec, the following ones carry labelled examples. The head
   * version exists once the stream completes, in state TRAINING; a worker serving the base model then trains it
   * (Get follows it to READY or FAILED). A retry with the same idempotency_key returns the version the first
   * complete upload created.
   */
  train(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_TrainHeadResponse__Output>): grpc.ClientWritableStream<_sieve_v1_TrainHeadRequest>;
  train(metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_TrainHeadResponse__Output>): grpc.ClientWritableStream<_sieve_v1_TrainHeadRequest>;
  train(options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_TrainHeadResponse__Output>): grpc.ClientWritableStream<_sieve_v1_TrainHeadRequest>;
  train(callback: grpc.requestCallback<_sieve_v1_TrainHeadResponse__Output>): grpc.ClientWritableStream<_sieve_v1_TrainHeadRequest>;
  
}

/**
 * Classification heads trained on a served model's pooled features: a tenant's own labels on a shared backbone,
 * without retraining it. A head is named "MODEL+HEAD" (its latest version) or "MODEL+HEAD@VERSION" wherever a
 * model is named (Inference.Classify, Batches, Models.Get); in one batch the backbone runs once for all texts,
 * whichever head each asked for. Every call is scoped to the caller's tenant; another tenant's head answers
 * NOT_FOUND.
 */
export interface HeadsHandlers extends grpc.UntypedServiceImplementation {
  Delete: grpc.handleUnaryCall<_sieve_v1_DeleteHeadRequest__Output, _sieve_v1_DeleteHeadResponse>;
  
  Get: grpc.handleUnaryCall<_sieve_v1_GetHeadRequest__Output, _sieve_v1_GetHeadResponse>;
  
  /**
   * Every version of the tenant's heads, newest first.
   */
  List: grpc.handleUnaryCall<_sieve_v1_ListHeadsRequest__Output, _sieve_v1_ListHeadsResponse>;
  
  /**
   * Client-streaming: the first message carries the spec, the following ones carry labelled examples. The head
   * version exists once the stream completes, in state TRAINING; a worker serving the base model then trains it
   * (Get follows it to READY or FAILED). A retry with the same idempotency_key returns the version the first
   * complete upload created.
   */
  Train: grpc.handleClientStreamingCall<_sieve_v1_TrainHeadRequest__Output, _sieve_v1_TrainHeadResponse>;
  
}

export interface HeadsDefinition extends grpc.ServiceDefinition {
  Delete: MethodDefinition<_sieve_v1_DeleteHeadRequest, _sieve_v1_DeleteHeadResponse, _sieve_v1_DeleteHeadRequest__Output, _sieve_v1_DeleteHeadResponse__Output>
  Get: MethodDefinition<_sieve_v1_GetHeadRequest, _sieve_v1_GetHeadResponse, _sieve_v1_GetHeadRequest__Output, _sieve_v1_GetHeadResponse__Output>
  List: MethodDefinition<_sieve_v1_ListHeadsRequest, _sieve_v1_ListHeadsResponse, _sieve_v1_ListHeadsRequest__Output, _sieve_v1_ListHeadsResponse__Output>
  Train: MethodDefinition<_sieve_v1_TrainHeadRequest, _sieve_v1_TrainHeadResponse, _sieve_v1_TrainHeadRequest__Output, _sieve_v1_TrainHeadResponse__Output>
}
