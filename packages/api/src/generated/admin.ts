import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from './google/protobuf/Any';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from './google/protobuf/FieldMask';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from './google/rpc/Status';
import type { AdminClient as _sieve_v1_AdminClient, AdminDefinition as _sieve_v1_AdminDefinition } from './sieve/v1/Admin';
import type { AdminCancelBatchRequest as _sieve_v1_AdminCancelBatchRequest, AdminCancelBatchRequest__Output as _sieve_v1_AdminCancelBatchRequest__Output } from './sieve/v1/AdminCancelBatchRequest';
import type { AdminCancelBatchResponse as _sieve_v1_AdminCancelBatchResponse, AdminCancelBatchResponse__Output as _sieve_v1_AdminCancelBatchResponse__Output } from './sieve/v1/AdminCancelBatchResponse';
import type { AdminListBatchesRequest as _sieve_v1_AdminListBatchesRequest, AdminListBatchesRequest__Output as _sieve_v1_AdminListBatchesRequest__Output } from './sieve/v1/AdminListBatchesRequest';
import type { AdminListBatchesResponse as _sieve_v1_AdminListBatchesResponse, AdminListBatchesResponse__Output as _sieve_v1_AdminListBatchesResponse__Output } from './sieve/v1/AdminListBatchesResponse';
import type { AdminListHeadsRequest as _sieve_v1_AdminListHeadsRequest, AdminListHeadsRequest__Output as _sieve_v1_AdminListHeadsRequest__Output } from './sieve/v1/AdminListHeadsRequest';
import type { AdminListHeadsResponse as _sieve_v1_AdminListHeadsResponse, AdminListHeadsResponse__Output as _sieve_v1_AdminListHeadsResponse__Output } from './sieve/v1/AdminListHeadsResponse';
import type { ApiKey as _sieve_v1_ApiKey, ApiKey__Output as _sieve_v1_ApiKey__Output } from './sieve/v1/ApiKey';
import type { Batch as _sieve_v1_Batch, Batch__Output as _sieve_v1_Batch__Output } from './sieve/v1/Batch';
import type { BatchChunk as _sieve_v1_BatchChunk, BatchChunk__Output as _sieve_v1_BatchChunk__Output } from './sieve/v1/BatchChunk';
import type { BatchItem as _sieve_v1_BatchItem, BatchItem__Output as _sieve_v1_BatchItem__Output } from './sieve/v1/BatchItem';
import type { BatchResult as _sieve_v1_BatchResult, BatchResult__Output as _sieve_v1_BatchResult__Output } from './sieve/v1/BatchResult';
import type { BatchSpec as _sieve_v1_BatchSpec, BatchSpec__Output as _sieve_v1_BatchSpec__Output } from './sieve/v1/BatchSpec';
import type { BatchesClient as _sieve_v1_BatchesClient, BatchesDefinition as _sieve_v1_BatchesDefinition } from './sieve/v1/Batches';
import type { CancelBatchRequest as _sieve_v1_CancelBatchRequest, CancelBatchRequest__Output as _sieve_v1_CancelBatchRequest__Output } from './sieve/v1/CancelBatchRequest';
import type { CancelBatchResponse as _sieve_v1_CancelBatchResponse, CancelBatchResponse__Output as _sieve_v1_CancelBatchResponse__Output } from './sieve/v1/CancelBatchResponse';
import type { ClassifyOptions as _sieve_v1_ClassifyOptions, ClassifyOptions__Output as _sieve_v1_ClassifyOptions__Output } from './sieve/v1/ClassifyOptions';
import type { ConfidenceInterval as _sieve_v1_ConfidenceInterval, ConfidenceInterval__Output as _sieve_v1_ConfidenceInterval__Output } from './sieve/v1/ConfidenceInterval';
import type { CreateTenantRequest as _sieve_v1_CreateTenantRequest, CreateTenantRequest__Output as _sieve_v1_CreateTenantRequest__Output } from './sieve/v1/CreateTenantRequest';
import type { CreateTenantResponse as _sieve_v1_CreateTenantResponse, CreateTenantResponse__Output as _sieve_v1_CreateTenantResponse__Output } from './sieve/v1/CreateTenantResponse';
import type { DeleteHeadRequest as _sieve_v1_DeleteHeadRequest, DeleteHeadRequest__Output as _sieve_v1_DeleteHeadRequest__Output } from './sieve/v1/DeleteHeadRequest';
import type { DeleteHeadResponse as _sieve_v1_DeleteHeadResponse, DeleteHeadResponse__Output as _sieve_v1_DeleteHeadResponse__Output } from './sieve/v1/DeleteHeadResponse';
import type { DeleteTenantRequest as _sieve_v1_DeleteTenantRequest, DeleteTenantRequest__Output as _sieve_v1_DeleteTenantRequest__Output } from './sieve/v1/DeleteTenantRequest';
import type { DeleteTenantResponse as _sieve_v1_DeleteTenantResponse, DeleteTenantResponse__Output as _sieve_v1_DeleteTenantResponse__Output } from './sieve/v1/DeleteTenantResponse';
import type { GatewayStatus as _sieve_v1_GatewayStatus, GatewayStatus__Output as _sieve_v1_GatewayStatus__Output } from './sieve/v1/GatewayStatus';
import type { GetBatchRequest as _sieve_v1_GetBatchRequest, GetBatchRequest__Output as _sieve_v1_GetBatchRequest__Output } from './sieve/v1/GetBatchRequest';
import type { GetBatchResponse as _sieve_v1_GetBatchResponse, GetBatchResponse__Output as _sieve_v1_GetBatchResponse__Output } from './sieve/v1/GetBatchResponse';
import type { GetClusterStatusRequest as _sieve_v1_GetClusterStatusRequest, GetClusterStatusRequest__Output as _sieve_v1_GetClusterStatusRequest__Output } from './sieve/v1/GetClusterStatusRequest';
import type { GetClusterStatusResponse as _sieve_v1_GetClusterStatusResponse, GetClusterStatusResponse__Output as _sieve_v1_GetClusterStatusResponse__Output } from './sieve/v1/GetClusterStatusResponse';
import type { GetHeadRequest as _sieve_v1_GetHeadRequest, GetHeadRequest__Output as _sieve_v1_GetHeadRequest__Output } from './sieve/v1/GetHeadRequest';
import type { GetHeadResponse as _sieve_v1_GetHeadResponse, GetHeadResponse__Output as _sieve_v1_GetHeadResponse__Output } from './sieve/v1/GetHeadResponse';
import type { GetModelRequest as _sieve_v1_GetModelRequest, GetModelRequest__Output as _sieve_v1_GetModelRequest__Output } from './sieve/v1/GetModelRequest';
import type { GetModelResponse as _sieve_v1_GetModelResponse, GetModelResponse__Output as _sieve_v1_GetModelResponse__Output } from './sieve/v1/GetModelResponse';
import type { GetTenantRequest as _sieve_v1_GetTenantRequest, GetTenantRequest__Output as _sieve_v1_GetTenantRequest__Output } from './sieve/v1/GetTenantRequest';
import type { GetTenantResponse as _sieve_v1_GetTenantResponse, GetTenantResponse__Output as _sieve_v1_GetTenantResponse__Output } from './sieve/v1/GetTenantResponse';
import type { GetUsageRequest as _sieve_v1_GetUsageRequest, GetUsageRequest__Output as _sieve_v1_GetUsageRequest__Output } from './sieve/v1/GetUsageRequest';
import type { GetUsageResponse as _sieve_v1_GetUsageResponse, GetUsageResponse__Output as _sieve_v1_GetUsageResponse__Output } from './sieve/v1/GetUsageResponse';
import type { Head as _sieve_v1_Head, Head__Output as _sieve_v1_Head__Output } from './sieve/v1/Head';
import type { HeadMetrics as _sieve_v1_HeadMetrics, HeadMetrics__Output as _sieve_v1_HeadMetrics__Output } from './sieve/v1/HeadMetrics';
import type { HeadSpec as _sieve_v1_HeadSpec, HeadSpec__Output as _sieve_v1_HeadSpec__Output } from './sieve/v1/HeadSpec';
import type { HeadsClient as _sieve_v1_HeadsClient, HeadsDefinition as _sieve_v1_HeadsDefinition } from './sieve/v1/Heads';
import type { IssueKeyRequest as _sieve_v1_IssueKeyRequest, IssueKeyRequest__Output as _sieve_v1_IssueKeyRequest__Output } from './sieve/v1/IssueKeyRequest';
import type { IssueKeyResponse as _sieve_v1_IssueKeyResponse, IssueKeyResponse__Output as _sieve_v1_IssueKeyResponse__Output } from './sieve/v1/IssueKeyResponse';
import type { LabelQuality as _sieve_v1_LabelQuality, LabelQuality__Output as _sieve_v1_LabelQuality__Output } from './sieve/v1/LabelQuality';
import type { LabelScore as _sieve_v1_LabelScore, LabelScore__Output as _sieve_v1_LabelScore__Output } from './sieve/v1/LabelScore';
import type { ListBatchesRequest as _sieve_v1_ListBatchesRequest, ListBatchesRequest__Output as _sieve_v1_ListBatchesRequest__Output } from './sieve/v1/ListBatchesRequest';
import type { ListBatchesResponse as _sieve_v1_ListBatchesResponse, ListBatchesResponse__Output as _sieve_v1_ListBatchesResponse__Output } from './sieve/v1/ListBatchesResponse';
import type { ListHeadsRequest as _sieve_v1_ListHeadsRequest, ListHeadsRequest__Output as _sieve_v1_ListHeadsRequest__Output } from './sieve/v1/ListHeadsRequest';
import type { ListHeadsResponse as _sieve_v1_ListHeadsResponse, ListHeadsResponse__Output as _sieve_v1_ListHeadsResponse__Output } from './sieve/v1/ListHeadsResponse';
import type { ListKeysRequest as _sieve_v1_ListKeysRequest, ListKeysRequest__Output as _sieve_v1_ListKeysRequest__Output } from './sieve/v1/ListKeysRequest';
import type { ListKeysResponse as _sieve_v1_ListKeysResponse, ListKeysResponse__Output as _sieve_v1_ListKeysResponse__Output } from './sieve/v1/ListKeysResponse';
import type { ListModelsRequest as _sieve_v1_ListModelsRequest, ListModelsRequest__Output as _sieve_v1_ListModelsRequest__Output } from './sieve/v1/ListModelsRequest';
import type { ListModelsResponse as _sieve_v1_ListModelsResponse, ListModelsResponse__Output as _sieve_v1_ListModelsResponse__Output } from './sieve/v1/ListModelsResponse';
import type { ListTenantsRequest as _sieve_v1_ListTenantsRequest, ListTenantsRequest__Output as _sieve_v1_ListTenantsRequest__Output } from './sieve/v1/ListTenantsRequest';
import type { ListTenantsResponse as _sieve_v1_ListTenantsResponse, ListTenantsResponse__Output as _sieve_v1_ListTenantsResponse__Output } from './sieve/v1/ListTenantsResponse';
import type { Model as _sieve_v1_Model, Model__Output as _sieve_v1_Model__Output } from './sieve/v1/Model';
import type { ModelStatus as _sieve_v1_ModelStatus, ModelStatus__Output as _sieve_v1_ModelStatus__Output } from './sieve/v1/ModelStatus';
import type { ModelsClient as _sieve_v1_ModelsClient, ModelsDefinition as _sieve_v1_ModelsDefinition } from './sieve/v1/Models';
import type { PendingTexts as _sieve_v1_PendingTexts, PendingTexts__Output as _sieve_v1_PendingTexts__Output } from './sieve/v1/PendingTexts';
import type { PurgeTenantDataRequest as _sieve_v1_PurgeTenantDataRequest, PurgeTenantDataRequest__Output as _sieve_v1_PurgeTenantDataRequest__Output } from './sieve/v1/PurgeTenantDataRequest';
import type { PurgeTenantDataResponse as _sieve_v1_PurgeTenantDataResponse, PurgeTenantDataResponse__Output as _sieve_v1_PurgeTenantDataResponse__Output } from './sieve/v1/PurgeTenantDataResponse';
import type { QueuedJobs as _sieve_v1_QueuedJobs, QueuedJobs__Output as _sieve_v1_QueuedJobs__Output } from './sieve/v1/QueuedJobs';
import type { RevokeKeyRequest as _sieve_v1_RevokeKeyRequest, RevokeKeyRequest__Output as _sieve_v1_RevokeKeyRequest__Output } from './sieve/v1/RevokeKeyRequest';
import type { RevokeKeyResponse as _sieve_v1_RevokeKeyResponse, RevokeKeyResponse__Output as _sieve_v1_RevokeKeyResponse__Output } from './sieve/v1/RevokeKeyResponse';
import type { RotateKeyRequest as _sieve_v1_RotateKeyRequest, RotateKeyRequest__Output as _sieve_v1_RotateKeyRequest__Output } from './sieve/v1/RotateKeyRequest';
import type { RotateKeyResponse as _sieve_v1_RotateKeyResponse, RotateKeyResponse__Output as _sieve_v1_RotateKeyResponse__Output } from './sieve/v1/RotateKeyResponse';
import type { StreamBatchResultsRequest as _sieve_v1_StreamBatchResultsRequest, StreamBatchResultsRequest__Output as _sieve_v1_StreamBatchResultsRequest__Output } from './sieve/v1/StreamBatchResultsRequest';
import type { StreamBatchResultsResponse as _sieve_v1_StreamBatchResultsResponse, StreamBatchResultsResponse__Output as _sieve_v1_StreamBatchResultsResponse__Output } from './sieve/v1/StreamBatchResultsResponse';
import type { SubmitBatchRequest as _sieve_v1_SubmitBatchRequest, SubmitBatchRequest__Output as _sieve_v1_SubmitBatchRequest__Output } from './sieve/v1/SubmitBatchRequest';
import type { SubmitBatchResponse as _sieve_v1_SubmitBatchResponse, SubmitBatchResponse__Output as _sieve_v1_SubmitBatchResponse__Output } from './sieve/v1/SubmitBatchResponse';
import type { Tenant as _sieve_v1_Tenant, Tenant__Output as _sieve_v1_Tenant__Output } from './sieve/v1/Tenant';
import type { TenantBatch as _sieve_v1_TenantBatch, TenantBatch__Output as _sieve_v1_TenantBatch__Output } from './sieve/v1/TenantBatch';
import type { TenantLimits as _sieve_v1_TenantLimits, TenantLimits__Output as _sieve_v1_TenantLimits__Output } from './sieve/v1/TenantLimits';
import type { TextClassification as _sieve_v1_TextClassification, TextClassification__Output as _sieve_v1_TextClassification__Output } from './sieve/v1/TextClassification';
import type { TrainHeadRequest as _sieve_v1_TrainHeadRequest, TrainHeadRequest__Output as _sieve_v1_TrainHeadRequest__Output } from './sieve/v1/TrainHeadRequest';
import type { TrainHeadResponse as _sieve_v1_TrainHeadResponse, TrainHeadResponse__Output as _sieve_v1_TrainHeadResponse__Output } from './sieve/v1/TrainHeadResponse';
import type { TrainingExample as _sieve_v1_TrainingExample, TrainingExample__Output as _sieve_v1_TrainingExample__Output } from './sieve/v1/TrainingExample';
import type { TrainingExamples as _sieve_v1_TrainingExamples, TrainingExamples__Output as _sieve_v1_TrainingExamples__Output } from './sieve/v1/TrainingExamples';
import type { UpdateTenantRequest as _sieve_v1_UpdateTenantRequest, UpdateTenantRequest__Output as _sieve_v1_UpdateTenantRequest__Output } from './sieve/v1/UpdateTenantRequest';
import type { UpdateTenantResponse as _sieve_v1_UpdateTenantResponse, UpdateTenantResponse__Output as _sieve_v1_UpdateTenantResponse__Output } from './sieve/v1/UpdateTenantResponse';
import type { UsageBucket as _sieve_v1_UsageBucket, UsageBucket__Output as _sieve_v1_UsageBucket__Output } from './sieve/v1/UsageBucket';
import type { WorkerModel as _sieve_v1_WorkerModel, WorkerModel__Output as _sieve_v1_WorkerModel__Output } from './sieve/v1/WorkerModel';
import type { WorkerStatus as _sieve_v1_WorkerStatus, WorkerStatus__Output as _sieve_v1_WorkerStatus__Output } from './sieve/v1/WorkerStatus';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Any: MessageTypeDefinition<_google_protobuf_Any, _google_protobuf_Any__Output>
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      FieldMask: MessageTypeDefinition<_google_protobuf_FieldMask, _google_protobuf_FieldMask__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
    rpc: {
      Status: MessageTypeDefinition<_google_rpc_Status, _google_rpc_Status__Output>
    }
  }
  sieve: {
    v1: {
      /**
       * Tenants, API keys and usage. Protected by the admin credential (`authorization: Bearer <admin token>`),
       * which is separate from every tenant key.
       */
      Admin: SubtypeConstructor<typeof grpc.Client, _sieve_v1_AdminClient> & { service: _sieve_v1_AdminDefinition }
      AdminCancelBatchRequest: MessageTypeDefinition<_sieve_v1_AdminCancelBatchRequest, _sieve_v1_AdminCancelBatchRequest__Output>
      AdminCancelBatchResponse: MessageTypeDefinition<_sieve_v1_AdminCancelBatchResponse, _sieve_v1_AdminCancelBatchResponse__Output>
      AdminListBatchesRequest: MessageTypeDefinition<_sieve_v1_AdminListBatchesRequest, _sieve_v1_AdminListBatchesRequest__Output>
      AdminListBatchesResponse: MessageTypeDefinition<_sieve_v1_AdminListBatchesResponse, _sieve_v1_AdminListBatchesResponse__Output>
      AdminListHeadsRequest: MessageTypeDefinition<_sieve_v1_AdminListHeadsRequest, _sieve_v1_AdminListHeadsRequest__Output>
      AdminListHeadsResponse: MessageTypeDefinition<_sieve_v1_AdminListHeadsResponse, _sieve_v1_AdminListHeadsResponse__Output>
      ApiKey: MessageTypeDefinition<_sieve_v1_ApiKey, _sieve_v1_ApiKey__Output>
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
      ClassWeighting: EnumTypeDefinition
      ClassifyOptions: MessageTypeDefinition<_sieve_v1_ClassifyOptions, _sieve_v1_ClassifyOptions__Output>
      ConfidenceInterval: MessageTypeDefinition<_sieve_v1_ConfidenceInterval, _sieve_v1_ConfidenceInterval__Output>
      CreateTenantRequest: MessageTypeDefinition<_sieve_v1_CreateTenantRequest, _sieve_v1_CreateTenantRequest__Output>
      CreateTenantResponse: MessageTypeDefinition<_sieve_v1_CreateTenantResponse, _sieve_v1_CreateTenantResponse__Output>
      DeleteHeadRequest: MessageTypeDefinition<_sieve_v1_DeleteHeadRequest, _sieve_v1_DeleteHeadRequest__Output>
      DeleteHeadResponse: MessageTypeDefinition<_sieve_v1_DeleteHeadResponse, _sieve_v1_DeleteHeadResponse__Output>
      DeleteTenantRequest: MessageTypeDefinition<_sieve_v1_DeleteTenantRequest, _sieve_v1_DeleteTenantRequest__Output>
      DeleteTenantResponse: MessageTypeDefinition<_sieve_v1_DeleteTenantResponse, _sieve_v1_DeleteTenantResponse__Output>
      GatewayStatus: MessageTypeDefinition<_sieve_v1_GatewayStatus, _sieve_v1_GatewayStatus__Output>
      GetBatchRequest: MessageTypeDefinition<_sieve_v1_GetBatchRequest, _sieve_v1_GetBatchRequest__Output>
      GetBatchResponse: MessageTypeDefinition<_sieve_v1_GetBatchResponse, _sieve_v1_GetBatchResponse__Output>
      GetClusterStatusRequest: MessageTypeDefinition<_sieve_v1_GetClusterStatusRequest, _sieve_v1_GetClusterStatusRequest__Output>
      GetClusterStatusResponse: MessageTypeDefinition<_sieve_v1_GetClusterStatusResponse, _sieve_v1_GetClusterStatusResponse__Output>
      GetHeadRequest: MessageTypeDefinition<_sieve_v1_GetHeadRequest, _sieve_v1_GetHeadRequest__Output>
      GetHeadResponse: MessageTypeDefinition<_sieve_v1_GetHeadResponse, _sieve_v1_GetHeadResponse__Output>
      GetModelRequest: MessageTypeDefinition<_sieve_v1_GetModelRequest, _sieve_v1_GetModelRequest__Output>
      GetModelResponse: MessageTypeDefinition<_sieve_v1_GetModelResponse, _sieve_v1_GetModelResponse__Output>
      GetTenantRequest: MessageTypeDefinition<_sieve_v1_GetTenantRequest, _sieve_v1_GetTenantRequest__Output>
      GetTenantResponse: MessageTypeDefinition<_sieve_v1_GetTenantResponse, _sieve_v1_GetTenantResponse__Output>
      GetUsageRequest: MessageTypeDefinition<_sieve_v1_GetUsageRequest, _sieve_v1_GetUsageRequest__Output>
      GetUsageResponse: MessageTypeDefinition<_sieve_v1_GetUsageResponse, _sieve_v1_GetUsageResponse__Output>
      Head: MessageTypeDefinition<_sieve_v1_Head, _sieve_v1_Head__Output>
      HeadMetrics: MessageTypeDefinition<_sieve_v1_HeadMetrics, _sieve_v1_HeadMetrics__Output>
      HeadSpec: MessageTypeDefinition<_sieve_v1_HeadSpec, _sieve_v1_HeadSpec__Output>
      HeadState: EnumTypeDefinition
      /**
       * Classification heads trained on a served model's pooled features: a tenant's own labels on a shared backbone,
       * without retraining it. A head is named "MODEL+HEAD" (its latest version) or "MODEL+HEAD@VERSION" wherever a
       * model is named (Inference.Classify, Batches, Models.Get); in one batch the backbone runs once for all texts,
       * whichever head each asked for. Every call is scoped to the caller's tenant; another tenant's head answers
       * NOT_FOUND.
       */
      Heads: SubtypeConstructor<typeof grpc.Client, _sieve_v1_HeadsClient> & { service: _sieve_v1_HeadsDefinition }
      IssueKeyRequest: MessageTypeDefinition<_sieve_v1_IssueKeyRequest, _sieve_v1_IssueKeyRequest__Output>
      IssueKeyResponse: MessageTypeDefinition<_sieve_v1_IssueKeyResponse, _sieve_v1_IssueKeyResponse__Output>
      LabelQuality: MessageTypeDefinition<_sieve_v1_LabelQuality, _sieve_v1_LabelQuality__Output>
      LabelScore: MessageTypeDefinition<_sieve_v1_LabelScore, _sieve_v1_LabelScore__Output>
      ListBatchesRequest: MessageTypeDefinition<_sieve_v1_ListBatchesRequest, _sieve_v1_ListBatchesRequest__Output>
      ListBatchesResponse: MessageTypeDefinition<_sieve_v1_ListBatchesResponse, _sieve_v1_ListBatchesResponse__Output>
      ListHeadsRequest: MessageTypeDefinition<_sieve_v1_ListHeadsRequest, _sieve_v1_ListHeadsRequest__Output>
      ListHeadsResponse: MessageTypeDefinition<_sieve_v1_ListHeadsResponse, _sieve_v1_ListHeadsResponse__Output>
      ListKeysRequest: MessageTypeDefinition<_sieve_v1_ListKeysRequest, _sieve_v1_ListKeysRequest__Output>
      ListKeysResponse: MessageTypeDefinition<_sieve_v1_ListKeysResponse, _sieve_v1_ListKeysResponse__Output>
      ListModelsRequest: MessageTypeDefinition<_sieve_v1_ListModelsRequest, _sieve_v1_ListModelsRequest__Output>
      ListModelsResponse: MessageTypeDefinition<_sieve_v1_ListModelsResponse, _sieve_v1_ListModelsResponse__Output>
      ListTenantsRequest: MessageTypeDefinition<_sieve_v1_ListTenantsRequest, _sieve_v1_ListTenantsRequest__Output>
      ListTenantsResponse: MessageTypeDefinition<_sieve_v1_ListTenantsResponse, _sieve_v1_ListTenantsResponse__Output>
      Model: MessageTypeDefinition<_sieve_v1_Model, _sieve_v1_Model__Output>
      ModelState: EnumTypeDefinition
      ModelStatus: MessageTypeDefinition<_sieve_v1_ModelStatus, _sieve_v1_ModelStatus__Output>
      /**
       * The models this cluster serves, their versions and their state.
       */
      Models: SubtypeConstructor<typeof grpc.Client, _sieve_v1_ModelsClient> & { service: _sieve_v1_ModelsDefinition }
      PendingTexts: MessageTypeDefinition<_sieve_v1_PendingTexts, _sieve_v1_PendingTexts__Output>
      Priority: EnumTypeDefinition
      PurgeTenantDataRequest: MessageTypeDefinition<_sieve_v1_PurgeTenantDataRequest, _sieve_v1_PurgeTenantDataRequest__Output>
      PurgeTenantDataResponse: MessageTypeDefinition<_sieve_v1_PurgeTenantDataResponse, _sieve_v1_PurgeTenantDataResponse__Output>
      QueuedJobs: MessageTypeDefinition<_sieve_v1_QueuedJobs, _sieve_v1_QueuedJobs__Output>
      RevokeKeyRequest: MessageTypeDefinition<_sieve_v1_RevokeKeyRequest, _sieve_v1_RevokeKeyRequest__Output>
      RevokeKeyResponse: MessageTypeDefinition<_sieve_v1_RevokeKeyResponse, _sieve_v1_RevokeKeyResponse__Output>
      RotateKeyRequest: MessageTypeDefinition<_sieve_v1_RotateKeyRequest, _sieve_v1_RotateKeyRequest__Output>
      RotateKeyResponse: MessageTypeDefinition<_sieve_v1_RotateKeyResponse, _sieve_v1_RotateKeyResponse__Output>
      StreamBatchResultsRequest: MessageTypeDefinition<_sieve_v1_StreamBatchResultsRequest, _sieve_v1_StreamBatchResultsRequest__Output>
      StreamBatchResultsResponse: MessageTypeDefinition<_sieve_v1_StreamBatchResultsResponse, _sieve_v1_StreamBatchResultsResponse__Output>
      SubmitBatchRequest: MessageTypeDefinition<_sieve_v1_SubmitBatchRequest, _sieve_v1_SubmitBatchRequest__Output>
      SubmitBatchResponse: MessageTypeDefinition<_sieve_v1_SubmitBatchResponse, _sieve_v1_SubmitBatchResponse__Output>
      Tenant: MessageTypeDefinition<_sieve_v1_Tenant, _sieve_v1_Tenant__Output>
      TenantBatch: MessageTypeDefinition<_sieve_v1_TenantBatch, _sieve_v1_TenantBatch__Output>
      TenantLimits: MessageTypeDefinition<_sieve_v1_TenantLimits, _sieve_v1_TenantLimits__Output>
      TextClassification: MessageTypeDefinition<_sieve_v1_TextClassification, _sieve_v1_TextClassification__Output>
      TrainHeadRequest: MessageTypeDefinition<_sieve_v1_TrainHeadRequest, _sieve_v1_TrainHeadRequest__Output>
      TrainHeadResponse: MessageTypeDefinition<_sieve_v1_TrainHeadResponse, _sieve_v1_TrainHeadResponse__Output>
      TrainingExample: MessageTypeDefinition<_sieve_v1_TrainingExample, _sieve_v1_TrainingExample__Output>
      TrainingExamples: MessageTypeDefinition<_sieve_v1_TrainingExamples, _sieve_v1_TrainingExamples__Output>
      Truncation: EnumTypeDefinition
      UpdateTenantRequest: MessageTypeDefinition<_sieve_v1_UpdateTenantRequest, _sieve_v1_UpdateTenantRequest__Output>
      UpdateTenantResponse: MessageTypeDefinition<_sieve_v1_UpdateTenantResponse, _sieve_v1_UpdateTenantResponse__Output>
      UsageBucket: MessageTypeDefinition<_sieve_v1_UsageBucket, _sieve_v1_UsageBucket__Output>
      UsageGranularity: EnumTypeDefinition
      WorkerModel: MessageTypeDefinition<_sieve_v1_WorkerModel, _sieve_v1_WorkerModel__Output>
      WorkerStatus: MessageTypeDefinition<_sieve_v1_WorkerStatus, _sieve_v1_WorkerStatus__Output>
    }
  }
}

