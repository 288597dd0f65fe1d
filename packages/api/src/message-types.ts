// Short names for the generated message types. `X` is what a handler receives (every field present, as the
// loader fills defaults); `XInit` is what may be sent (every field optional).
export type { ClassifyOptions__Output as ClassifyOptions } from './generated/sieve/v1/ClassifyOptions';
export type { ClassifyRequest__Output as ClassifyRequest } from './generated/sieve/v1/ClassifyRequest';
export type { ClassifyRequest as ClassifyRequestInit } from './generated/sieve/v1/ClassifyRequest';
export type { ClassifyResponse as ClassifyResponseInit } from './generated/sieve/v1/ClassifyResponse';
export type { ClassifyResponse__Output as ClassifyResponse } from './generated/sieve/v1/ClassifyResponse';
export type { ClassifyStreamRequest__Output as ClassifyStreamRequest } from './generated/sieve/v1/ClassifyStreamRequest';
export type { ClassifyStreamResponse as ClassifyStreamResponseInit } from './generated/sieve/v1/ClassifyStreamResponse';
export type { ClassifyStreamResponse__Output as ClassifyStreamResponse } from './generated/sieve/v1/ClassifyStreamResponse';
export type { ClassifyStreamRequest as ClassifyStreamRequestInit } from './generated/sieve/v1/ClassifyStreamRequest';
export type { ListModelsResponse__Output as ListModelsResponse } from './generated/sieve/v1/ListModelsResponse';
export type { GetModelResponse__Output as GetModelResponse } from './generated/sieve/v1/GetModelResponse';
export type { TextClassification as TextClassificationInit } from './generated/sieve/v1/TextClassification';
export type { TextClassification__Output as TextClassification } from './generated/sieve/v1/TextClassification';
export type { LabelScore__Output as LabelScore } from './generated/sieve/v1/LabelScore';
export type { Truncation } from './generated/sieve/v1/Truncation';
export type { Priority } from './generated/sieve/v1/Priority';
export type { Model as ModelInit, Model__Output as Model } from './generated/sieve/v1/Model';
export type { ModelState } from './generated/sieve/v1/ModelState';
export type { InferenceClient } from './generated/sieve/v1/Inference';
export type { InferenceHandlers } from './generated/sieve/v1/Inference';
export type { ModelsClient, ModelsHandlers } from './generated/sieve/v1/Models';
export type { BatchesClient, BatchesHandlers } from './generated/sieve/v1/Batches';
export type { AdminClient, AdminHandlers } from './generated/sieve/v1/Admin';
export type { Batch as BatchInit, Batch__Output as Batch } from './generated/sieve/v1/Batch';
export type { BatchState } from './generated/sieve/v1/BatchState';
export type { BatchSpec__Output as BatchSpec } from './generated/sieve/v1/BatchSpec';
export type {
  BatchItem as BatchItemInit,
  BatchItem__Output as BatchItem,
} from './generated/sieve/v1/BatchItem';
export type {
  BatchResult as BatchResultInit,
  BatchResult__Output as BatchResult,
} from './generated/sieve/v1/BatchResult';
export type {
  SubmitBatchRequest as SubmitBatchRequestInit,
  SubmitBatchRequest__Output as SubmitBatchRequest,
} from './generated/sieve/v1/SubmitBatchRequest';
export type {
  SubmitBatchResponse as SubmitBatchResponseInit,
  SubmitBatchResponse__Output as SubmitBatchResponse,
} from './generated/sieve/v1/SubmitBatchResponse';
export type { GetBatchRequest__Output as GetBatchRequest } from './generated/sieve/v1/GetBatchRequest';
export type { GetBatchResponse as GetBatchResponseInit } from './generated/sieve/v1/GetBatchResponse';
export type { ListBatchesRequest__Output as ListBatchesRequest } from './generated/sieve/v1/ListBatchesRequest';
export type { ListBatchesResponse as ListBatchesResponseInit } from './generated/sieve/v1/ListBatchesResponse';
export type { StreamBatchResultsRequest__Output as StreamBatchResultsRequest } from './generated/sieve/v1/StreamBatchResultsRequest';
export type {
  StreamBatchResultsResponse as StreamBatchResultsResponseInit,
  StreamBatchResultsResponse__Output as StreamBatchResultsResponse,
} from './generated/sieve/v1/StreamBatchResultsResponse';
export type { CancelBatchRequest__Output as CancelBatchRequest } from './generated/sieve/v1/CancelBatchRequest';
export type { CancelBatchResponse as CancelBatchResponseInit } from './generated/sieve/v1/CancelBatchResponse';
export type { HeadsClient, HeadsHandlers } from './generated/sieve/v1/Heads';
export type { Head as HeadInit, Head__Output as Head } from './generated/sieve/v1/Head';
export type { HeadState } from './generated/sieve/v1/HeadState';
export type {
  HeadMetrics as HeadMetricsInit,
  HeadMetrics__Output as HeadMetrics,
} from './generated/sieve/v1/HeadMetrics';
export type { HeadSpec__Output as HeadSpec } from './generated/sieve/v1/HeadSpec';
export type {
  TrainingExample as TrainingExampleInit,
  TrainingExample__Output as TrainingExample,
} from './generated/sieve/v1/TrainingExample';
export type {
  TrainHeadRequest as TrainHeadRequestInit,
  TrainHeadRequest__Output as TrainHeadRequest,
} from './generated/sieve/v1/TrainHeadRequest';
export type {
  TrainHeadResponse as TrainHeadResponseInit,
  TrainHeadResponse__Output as TrainHeadResponse,
} from './generated/sieve/v1/TrainHeadResponse';
export type { GetHeadRequest__Output as GetHeadRequest } from './generated/sieve/v1/GetHeadRequest';
export type { GetHeadResponse as GetHeadResponseInit } from './generated/sieve/v1/GetHeadResponse';
export type { ListHeadsRequest__Output as ListHeadsRequest } from './generated/sieve/v1/ListHeadsRequest';
export type { ListHeadsResponse as ListHeadsResponseInit } from './generated/sieve/v1/ListHeadsResponse';
export type { DeleteHeadRequest__Output as DeleteHeadRequest } from './generated/sieve/v1/DeleteHeadRequest';
export type { DeleteHeadResponse as DeleteHeadResponseInit } from './generated/sieve/v1/DeleteHeadResponse';
export type { ClassWeighting } from './generated/sieve/v1/ClassWeighting';
export type { AdminListBatchesRequest__Output as AdminListBatchesRequest } from './generated/sieve/v1/AdminListBatchesRequest';
export type {
  AdminListBatchesResponse as AdminListBatchesResponseInit,
  AdminListBatchesResponse__Output as AdminListBatchesResponse,
} from './generated/sieve/v1/AdminListBatchesResponse';
export type { AdminCancelBatchRequest__Output as AdminCancelBatchRequest } from './generated/sieve/v1/AdminCancelBatchRequest';
export type {
  AdminCancelBatchResponse as AdminCancelBatchResponseInit,
  AdminCancelBatchResponse__Output as AdminCancelBatchResponse,
} from './generated/sieve/v1/AdminCancelBatchResponse';
export type { AdminListHeadsRequest__Output as AdminListHeadsRequest } from './generated/sieve/v1/AdminListHeadsRequest';
export type {
  AdminListHeadsResponse as AdminListHeadsResponseInit,
  AdminListHeadsResponse__Output as AdminListHeadsResponse,
} from './generated/sieve/v1/AdminListHeadsResponse';
export type {
  GetClusterStatusResponse as GetClusterStatusResponseInit,
  GetClusterStatusResponse__Output as GetClusterStatusResponse,
} from './generated/sieve/v1/GetClusterStatusResponse';
export type { ModelStatus as ModelStatusInit } from './generated/sieve/v1/ModelStatus';
export type { WorkerStatus as WorkerStatusInit } from './generated/sieve/v1/WorkerStatus';
export type { GatewayStatus as GatewayStatusInit } from './generated/sieve/v1/GatewayStatus';
export type { PendingTexts as PendingTextsInit } from './generated/sieve/v1/PendingTexts';
export type { QueuedJobs as QueuedJobsInit } from './generated/sieve/v1/QueuedJobs';
