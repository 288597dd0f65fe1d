import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from './google/protobuf/Any';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from './google/rpc/Status';
import type { Batch as _sieve_v1_Batch, Batch__Output as _sieve_v1_Batch__Output } from './sieve/v1/Batch';
import type { BatchChunk as _sieve_v1_BatchChunk, BatchChunk__Output as _sieve_v1_BatchChunk__Output } from './sieve/v1/BatchChunk';
import type { BatchItem as _sieve_v1_BatchItem, BatchItem__Output as _sieve_v1_BatchItem__Output } from './sieve/v1/BatchItem';
import type { BatchResult as _sieve_v1_BatchResult, BatchResult__Output as _sieve_v1_BatchResult__Output } from './sieve/v1/BatchResult';
import type { BatchSpec as _sieve_v1_BatchSpec, BatchSpec__Output as _sieve_v1_BatchSpec__Output } from './sieve/v1/BatchSpec';
import type { BatchesClient as _sieve_v1_BatchesClient, BatchesDefinition as _sieve_v1_BatchesDefinition } from './sieve/v1/Batches';
import type { CancelBatchRequest as _sieve_v1_CancelBatchRequest, CancelBatchRequest__Output as _sieve_v1_CancelBatchRequest__Output } from './sieve/v1/CancelBatchRequest';
import type { CancelBatchResponse as _sieve_v1_CancelBatchResponse, CancelBatchResponse__Output as _sieve_v1_CancelBatchResponse__Output } from './sieve/v1/CancelBatchResponse';
import type { ClassifyOptions as _sieve_v1_ClassifyOptions, ClassifyOptions__Output as _sieve_v1_ClassifyOptions__Output } from './sieve/v1/ClassifyOptions';
import type { GetBatchRequest as _sieve_v1_GetBatchRequest, GetBatchRequest__Output as _sieve_v1_GetBatchRequest__Output } from './sieve/v1/GetBatchRequest';
import type { GetBatchResponse as _sieve_v1_GetBatchResponse, GetBatchResponse__Output as _sieve_v1_GetBatchResponse__Output } from './sieve/v1/GetBatchResponse';
import type { LabelScore as _sieve_v1_LabelScore, LabelScore__Output as _sieve_v1_LabelScore__Output } from './sieve/v1/LabelScore';
import type { ListBatchesRequest as _sieve_v1_ListBatchesRequest, ListBatchesRequest__Output as _sieve_v1_ListBatchesRequest__Output } from './sieve/v1/ListBatchesRequest';
import type { ListBatchesResponse as _sieve_v1_ListBatchesResponse, ListBatchesResponse__Output as _sieve_v1_ListBatchesResponse__Output } from './sieve/v1/ListBatchesResponse';
import type { StreamBatchResultsRequest as _sieve_v1_StreamBatchResultsRequest, StreamBatchResultsRequest__Output as _sieve_v1_StreamBatchResultsRequest__Output } from './sieve/v1/StreamBatchResultsRequest';
import type { StreamBatchResultsResponse as _sieve_v1_StreamBatchResultsResponse, StreamBatchResultsResponse__Output as _sieve_v1_StreamBatchResultsResponse__Output } from './sieve/v1/StreamBatchResultsResponse';
import type { SubmitBatchRequest as _sieve_v1_SubmitBatchRequest, SubmitBatchRequest__Output as _sieve_v1_SubmitBatchRequest__Output } from './sieve/v1/SubmitBatchRequest';
import type { SubmitBatchResponse as _sieve_v1_SubmitBatchResponse, SubmitBatchResponse__Output as _sieve_v1_SubmitBatchResponse__Output } from './sieve/v1/SubmitBatchResponse';
import type { TextClassification as _sieve_v1_TextClassification, TextClassification__Output as _sieve_v1_TextClassification__Output } from './sieve/v1/TextClassification';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Any: MessageTypeDefinition<_google_protobuf_Any, _google_protobuf_Any__Output>
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
    rpc: {
      Status: MessageTypeDefinition<_google_rpc_Status, _google_rpc_Status__Output>
    }
  }
  sieve: {
    v1: {
      Batch: MessageTypeDefinition<_sieve_v1_Batch, _sieve_v1_Batch__Output>
      BatchChunk: MessageTypeDefinition<_sieve_v1_BatchChunk, _sieve_v1_BatchChunk__Output>
      BatchItem: MessageTypeDefinition<_sieve_v1_BatchItem, _sieve_v1_BatchItem__Output>
      BatchResult: MessageTypeDefinition<_sieve_v1_BatchResult, _sieve_v1_BatchResult__Output>
      BatchSpec: MessageTypeDefinition<_sieve_v1_BatchSpec, _sieve_v1_BatchSpec__Output>
      BatchState: EnumTypeDefinition
      /**
       * Asynchronous batch jobs: millions of texts, durable, each text classified exactly once.
       * Every call is scoped to the caller's tenant; another tenant's batch id answers NOT_FOUND.
       */
      Batches: SubtypeConstructor<typeof grpc.Client, _sieve_v1_BatchesClient> & { service: _sieve_v1_BatchesDefinition }
      CancelBatchRequest: MessageTypeDefinition<_sieve_v1_CancelBatchRequest, _sieve_v1_CancelBatchRequest__Output>
      CancelBatchResponse: MessageTypeDefinition<_sieve_v1_CancelBatchResponse, _sieve_v1_CancelBatchResponse__Output>
      ClassifyOptions: MessageTypeDefinition<_sieve_v1_ClassifyOptions, _sieve_v1_ClassifyOptions__Output>
      GetBatchRequest: MessageTypeDefinition<_sieve_v1_GetBatchRequest, _sieve_v1_GetBatchRequest__Output>
      GetBatchResponse: MessageTypeDefinition<_sieve_v1_GetBatchResponse, _sieve_v1_GetBatchResponse__Output>
      LabelScore: MessageTypeDefinition<_sieve_v1_LabelScore, _sieve_v1_LabelScore__Output>
      ListBatchesRequest: MessageTypeDefinition<_sieve_v1_ListBatchesRequest, _sieve_v1_ListBatchesRequest__Output>
      ListBatchesResponse: MessageTypeDefinition<_sieve_v1_ListBatchesResponse, _sieve_v1_ListBatchesResponse__Output>
      Priority: EnumTypeDefinition
      StreamBatchResultsRequest: MessageTypeDefinition<_sieve_v1_StreamBatchResultsRequest, _sieve_v1_StreamBatchResultsRequest__Output>
      StreamBatchResultsResponse: MessageTypeDefinition<_sieve_v1_StreamBatchResultsResponse, _sieve_v1_StreamBatchResultsResponse__Output>
      SubmitBatchRequest: MessageTypeDefinition<_sieve_v1_SubmitBatchRequest, _sieve_v1_SubmitBatchRequest__Output>
      SubmitBatchResponse: MessageTypeDefinition<_sieve_v1_SubmitBatchResponse, _sieve_v1_SubmitBatchResponse__Output>
      TextClassification: MessageTypeDefinition<_sieve_v1_TextClassification, _sieve_v1_TextClassification__Output>
      Truncation: EnumTypeDefinition
    }
  }
}

