// Original file: sieve/v1/batches.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelBatchRequest as _sieve_v1_CancelBatchRequest, CancelBatchRequest__Output as _sieve_v1_CancelBatchRequest__Output } from '../../sieve/v1/CancelBatchRequest';
import type { CancelBatchResponse as _sieve_v1_CancelBatchResponse, CancelBatchResponse__Output as _sieve_v1_CancelBatchResponse__Output } from '../../sieve/v1/CancelBatchResponse';
import type { GetBatchRequest as _sieve_v1_GetBatchRequest, GetBatchRequest__Output as _sieve_v1_GetBatchRequest__Output } from '../../sieve/v1/GetBatchRequest';
import type { GetBatchResponse as _sieve_v1_GetBatchResponse, GetBatchResponse__Output as _sieve_v1_GetBatchResponse__Output } from '../../sieve/v1/GetBatchResponse';
import type { ListBatchesRequest as _sieve_v1_ListBatchesRequest, ListBatchesRequest__Output as _sieve_v1_ListBatchesRequest__Output } from '../../sieve/v1/ListBatchesRequest';
import type { ListBatchesResponse as _sieve_v1_ListBatchesResponse, ListBatchesResponse__Output as _sieve_v1_ListBatchesResponse__Output } from '../../sieve/v1/ListBatchesResponse';
import type { StreamBatchResultsRequest as _sieve_v1_StreamBatchResultsRequest, StreamBatchResultsRequest__Output as _sieve_v1_StreamBatchResultsRequest__Output } from '../../sieve/v1/StreamBatchResultsRequest';
import type { StreamBatchResultsResponse as _sieve_v1_StreamBatchResultsResponse, StreamBatchResultsResponse__Output as _sieve_v1_StreamBatchResultsResponse__Output } from '../../sieve/v1/StreamBatchResultsResponse';
import type { SubmitBatchRequest as _sieve_v1_SubmitBatchRequest, SubmitBatchRequest__Output as _sieve_v1_SubmitBatchRequest__Output } from '../../sieve/v1/SubmitBatchRequest';
import type { SubmitBatchResponse as _sieve_v1_SubmitBatchResponse, SubmitBatchResponse__Output as _sieve_v1_SubmitBatchResponse__Output } from '../../sieve/v1/SubmitBatchResponse';

/**
 * Asynchronous batch jobs: millions of texts, durable, each text classified exactly once.
 * Every call is scoped to the caller's tenant; another tenant's batch id answers NOT_FOUND.
 */
export interface BatchesClient extends grpc.Client {
  /**
   * Stops scheduling the remaining chunks at once; results already computed stay readable.
   */
  Cancel(argument: _sieve_v1_CancelBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_CancelBatchResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _sieve_v1_CancelBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_CancelBatchResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _sieve_v1_CancelBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_CancelBatchResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _sieve_v1_CancelBatchRequest, callback: grpc.requestCallback<_sieve_v1_CancelBatchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stops scheduling the remaining chunks at once; results already computed stay readable.
   */
  cancel(argument: _sieve_v1_CancelBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_CancelBatchResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _sieve_v1_CancelBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_CancelBatchResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _sieve_v1_CancelBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_CancelBatchResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _sieve_v1_CancelBatchRequest, callback: grpc.requestCallback<_sieve_v1_CancelBatchResponse__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _sieve_v1_GetBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _sieve_v1_GetBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _sieve_v1_GetBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _sieve_v1_GetBatchRequest, callback: grpc.requestCallback<_sieve_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _sieve_v1_GetBatchRequest, callback: grpc.requestCallback<_sieve_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  
  List(argument: _sieve_v1_ListBatchesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListBatchesResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _sieve_v1_ListBatchesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ListBatchesResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _sieve_v1_ListBatchesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListBatchesResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _sieve_v1_ListBatchesRequest, callback: grpc.requestCallback<_sieve_v1_ListBatchesResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListBatchesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListBatchesResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListBatchesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ListBatchesResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListBatchesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListBatchesResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _sieve_v1_ListBatchesRequest, callback: grpc.requestCallback<_sieve_v1_ListBatchesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Results in input order from `offset`; resume after a disconnect with the last next_offset received.
   */
  StreamResults(argument: _sieve_v1_StreamBatchResultsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_sieve_v1_StreamBatchResultsResponse__Output>;
  StreamResults(argument: _sieve_v1_StreamBatchResultsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_sieve_v1_StreamBatchResultsResponse__Output>;
  /**
   * Results in input order from `offset`; resume after a disconnect with the last next_offset received.
   */
  streamResults(argument: _sieve_v1_StreamBatchResultsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_sieve_v1_StreamBatchResultsResponse__Output>;
  streamResults(argument: _sieve_v1_StreamBatchResultsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_sieve_v1_StreamBatchResultsResponse__Output>;
  
  /**
   * Client-streaming upload: the first message carries the spec, the following ones carry chunks of items.
   * The batch is created when the stream completes, so a broken upload creates nothing. A retry with the same
   * idempotency_key returns the batch created by the first complete upload.
   */
  Submit(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_SubmitBatchResponse__Output>): grpc.ClientWritableStream<_sieve_v1_SubmitBatchRequest>;
  Submit(metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_SubmitBatchResponse__Output>): grpc.ClientWritableStream<_sieve_v1_SubmitBatchRequest>;
  Submit(options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_SubmitBatchResponse__Output>): grpc.ClientWritableStream<_sieve_v1_SubmitBatchRequest>;
  Submit(callback: grpc.requestCallback<_sieve_v1_SubmitBatchResponse__Output>): grpc.ClientWritableStream<_sieve_v1_SubmitBatchRequest>;
  /**
   * Client-streaming upload: the first message carries the spec, the following ones carry chunks of items.
   * The batch is created when the stream completes, so a broken upload creates nothing. A retry with the same
   * idempotency_key returns the batch created by the first complete upload.
   */
  submit(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_SubmitBatchResponse__Output>): grpc.ClientWritableStream<_sieve_v1_SubmitBatchRequest>;
  submit(metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_SubmitBatchResponse__Output>): grpc.ClientWritableStream<_sieve_v1_SubmitBatchRequest>;
  submit(options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_SubmitBatchResponse__Output>): grpc.ClientWritableStream<_sieve_v1_SubmitBatchRequest>;
  submit(callback: grpc.requestCallback<_sieve_v1_SubmitBatchResponse__Output>): grpc.ClientWritableStream<_sieve_v1_SubmitBatchRequest>;
  
}

/**
 * Asynchronous batch jobs: millions of texts, durable, each text classified exactly once.
 * Every call is scoped to the caller's tenant; another tenant's batch id answers NOT_FOUND.
 */
export interface BatchesHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stops scheduling the remaining chunks at once; results already computed stay readable.
   */
  Cancel: grpc.handleUnaryCall<_sieve_v1_CancelBatchRequest__Output, _sieve_v1_CancelBatchResponse>;
  
  Get: grpc.handleUnaryCall<_sieve_v1_GetBatchRequest__Output, _sieve_v1_GetBatchResponse>;
  
  List: grpc.handleUnaryCall<_sieve_v1_ListBatchesRequest__Output, _sieve_v1_ListBatchesResponse>;
  
  /**
   * Results in input order from `offset`; resume after a disconnect with the last next_offset received.
   */
  StreamResults: grpc.handleServerStreamingCall<_sieve_v1_StreamBatchResultsRequest__Output, _sieve_v1_StreamBatchResultsResponse>;
  
  /**
   * Client-streaming upload: the first message carries the spec, the following ones carry chunks of items.
   * The batch is created when the stream completes, so a broken upload creates nothing. A retry with the same
   * idempotency_key returns the batch created by the first complete upload.
   */
  Submit: grpc.handleClientStreamingCall<_sieve_v1_SubmitBatchRequest__Output, _sieve_v1_SubmitBatchResponse>;
  
}

export interface BatchesDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_sieve_v1_CancelBatchRequest, _sieve_v1_CancelBatchResponse, _sieve_v1_CancelBatchRequest__Output, _sieve_v1_CancelBatchResponse__Output>
  Get: MethodDefinition<_sieve_v1_GetBatchRequest, _sieve_v1_GetBatchResponse, _sieve_v1_GetBatchRequest__Output, _sieve_v1_GetBatchResponse__Output>
  List: MethodDefinition<_sieve_v1_ListBatchesRequest, _sieve_v1_ListBatchesResponse, _sieve_v1_ListBatchesRequest__Output, _sieve_v1_ListBatchesResponse__Output>
  StreamResults: MethodDefinition<_sieve_v1_StreamBatchResultsRequest, _sieve_v1_StreamBatchResultsResponse, _sieve_v1_StreamBatchResultsRequest__Output, _sieve_v1_StreamBatchResultsResponse__Output>
  Submit: MethodDefinition<_sieve_v1_SubmitBatchRequest, _sieve_v1_SubmitBatchResponse, _sieve_v1_SubmitBatchRequest__Output, _sieve_v1_SubmitBatchResponse__Output>
}
