import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from './google/protobuf/Any';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from './google/rpc/Status';
import type { ClassifyOptions as _sieve_v1_ClassifyOptions, ClassifyOptions__Output as _sieve_v1_ClassifyOptions__Output } from './sieve/v1/ClassifyOptions';
import type { ClassifyRequest as _sieve_v1_ClassifyRequest, ClassifyRequest__Output as _sieve_v1_ClassifyRequest__Output } from './sieve/v1/ClassifyRequest';
import type { ClassifyResponse as _sieve_v1_ClassifyResponse, ClassifyResponse__Output as _sieve_v1_ClassifyResponse__Output } from './sieve/v1/ClassifyResponse';
import type { ClassifyStreamRequest as _sieve_v1_ClassifyStreamRequest, ClassifyStreamRequest__Output as _sieve_v1_ClassifyStreamRequest__Output } from './sieve/v1/ClassifyStreamRequest';
import type { ClassifyStreamResponse as _sieve_v1_ClassifyStreamResponse, ClassifyStreamResponse__Output as _sieve_v1_ClassifyStreamResponse__Output } from './sieve/v1/ClassifyStreamResponse';
import type { InferenceClient as _sieve_v1_InferenceClient, InferenceDefinition as _sieve_v1_InferenceDefinition } from './sieve/v1/Inference';
import type { LabelScore as _sieve_v1_LabelScore, LabelScore__Output as _sieve_v1_LabelScore__Output } from './sieve/v1/LabelScore';
import type { TextClassification as _sieve_v1_TextClassification, TextClassification__Output as _sieve_v1_TextClassification__Output } from './sieve/v1/TextClassification';
import type { Timings as _sieve_v1_Timings, Timings__Output as _sieve_v1_Timings__Output } from './sieve/v1/Timings';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Any: MessageTypeDefinition<_google_protobuf_Any, _google_protobuf_Any__Output>
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
    }
    rpc: {
      Status: MessageTypeDefinition<_google_rpc_Status, _google_rpc_Status__Output>
    }
  }
  sieve: {
    v1: {
      ClassifyOptions: MessageTypeDefinition<_sieve_v1_ClassifyOptions, _sieve_v1_ClassifyOptions__Output>
      ClassifyRequest: MessageTypeDefinition<_sieve_v1_ClassifyRequest, _sieve_v1_ClassifyRequest__Output>
      ClassifyResponse: MessageTypeDefinition<_sieve_v1_ClassifyResponse, _sieve_v1_ClassifyResponse__Output>
      ClassifyStreamRequest: MessageTypeDefinition<_sieve_v1_ClassifyStreamRequest, _sieve_v1_ClassifyStreamRequest__Output>
      ClassifyStreamResponse: MessageTypeDefinition<_sieve_v1_ClassifyStreamResponse, _sieve_v1_ClassifyStreamResponse__Output>
      /**
       * Interactive classification. Errors use canonical gRPC codes with google.rpc details
       * (BadRequest, QuotaFailure, RetryInfo, ErrorInfo) in `grpc-status-details-bin`; ErrorInfo.reason is one of
       * sieve.v1.ErrorReason and ErrorInfo.domain is "sieve".
       */
      Inference: SubtypeConstructor<typeof grpc.Client, _sieve_v1_InferenceClient> & { service: _sieve_v1_InferenceDefinition }
      LabelScore: MessageTypeDefinition<_sieve_v1_LabelScore, _sieve_v1_LabelScore__Output>
      Priority: EnumTypeDefinition
      TextClassification: MessageTypeDefinition<_sieve_v1_TextClassification, _sieve_v1_TextClassification__Output>
      Timings: MessageTypeDefinition<_sieve_v1_Timings, _sieve_v1_Timings__Output>
      Truncation: EnumTypeDefinition
    }
  }
}

