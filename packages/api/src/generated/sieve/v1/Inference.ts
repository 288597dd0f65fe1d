// Original file: sieve/v1/inference.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ClassifyRequest as _sieve_v1_ClassifyRequest, ClassifyRequest__Output as _sieve_v1_ClassifyRequest__Output } from '../../sieve/v1/ClassifyRequest';
import type { ClassifyResponse as _sieve_v1_ClassifyResponse, ClassifyResponse__Output as _sieve_v1_ClassifyResponse__Output } from '../../sieve/v1/ClassifyResponse';
import type { ClassifyStreamRequest as _sieve_v1_ClassifyStreamRequest, ClassifyStreamRequest__Output as _sieve_v1_ClassifyStreamRequest__Output } from '../../sieve/v1/ClassifyStreamRequest';
import type { ClassifyStreamResponse as _sieve_v1_ClassifyStreamResponse, ClassifyStreamResponse__Output as _sieve_v1_ClassifyStreamResponse__Output } from '../../sieve/v1/ClassifyStreamResponse';

/**
 * Interactive classification. Errors use canonical gRPC codes with google.rpc details
 * (BadRequest, QuotaFailure, RetryInfo, ErrorInfo) in `grpc-status-details-bin`; ErrorInfo.reason is one of
 * sieve.v1.ErrorReason and ErrorInfo.domain is "sieve".
 */
export interface InferenceClient extends grpc.Client {
  /**
   * Classifies every text of the request with one model; results come back in request order.
   */
  Classify(argument: _sieve_v1_ClassifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
  Classify(argument: _sieve_v1_ClassifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
  Classify(argument: _sieve_v1_ClassifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
  Classify(argument: _sieve_v1_ClassifyRequest, callback: grpc.requestCallback<_sieve_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Classifies every text of the request with one model; results come back in request order.
   */
  classify(argument: _sieve_v1_ClassifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
  classify(argument: _sieve_v1_ClassifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
  classify(argument: _sieve_v1_ClassifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
  classify(argument: _sieve_v1_ClassifyRequest, callback: grpc.requestCallback<_sieve_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Many requests in flight on one stream. Answers arrive as they are ready, not necessarily in order;
   * each carries the correlation_id of the request it answers. A failed request answers with its own
   * status and leaves the stream open.
   */
  ClassifyStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_sieve_v1_ClassifyStreamRequest, _sieve_v1_ClassifyStreamResponse__Output>;
  ClassifyStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_sieve_v1_ClassifyStreamRequest, _sieve_v1_ClassifyStreamResponse__Output>;
  /**
   * Many requests in flight on one stream. Answers arrive as they are ready, not necessarily in order;
   * each carries the correlation_id of the request it answers. A failed request answers with its own
   * status and leaves the stream open.
   */
  classifyStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_sieve_v1_ClassifyStreamRequest, _sieve_v1_ClassifyStreamResponse__Output>;
  classifyStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_sieve_v1_ClassifyStreamRequest, _sieve_v1_ClassifyStreamResponse__Output>;
  
}

/**
 * Interactive classification. Errors use canonical gRPC codes with google.rpc details
 * (BadRequest, QuotaFailure, RetryInfo, ErrorInfo) in `grpc-status-details-bin`; ErrorInfo.reason is one of
 * sieve.v1.ErrorReason and ErrorInfo.domain is "sieve".
 */
export interface InferenceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Classifies every text of the request with one model; results come back in request order.
   */
  Classify: grpc.handleUnaryCall<_sieve_v1_ClassifyRequest__Output, _sieve_v1_ClassifyResponse>;
  
  /**
   * Many requests in flight on one stream. Answers arrive as they are ready, not necessarily in order;
   * each carries the correlation_id of the request it answers. A failed request answers with its own
   * status and leaves the stream open.
   */
  ClassifyStream: grpc.handleBidiStreamingCall<_sieve_v1_ClassifyStreamRequest__Output, _sieve_v1_ClassifyStreamResponse>;
  
}

export interface InferenceDefinition extends grpc.ServiceDefinition {
  Classify: MethodDefinition<_sieve_v1_ClassifyRequest, _sieve_v1_ClassifyResponse, _sieve_v1_ClassifyRequest__Output, _sieve_v1_ClassifyResponse__Output>
  ClassifyStream: MethodDefinition<_sieve_v1_ClassifyStreamRequest, _sieve_v1_ClassifyStreamResponse, _sieve_v1_ClassifyStreamRequest__Output, _sieve_v1_ClassifyStreamResponse__Output>
}
