// Short names for the generated message types. `X` is what a handler receives (every field present, as the
// loader fills defaults); `XInit` is what may be sent (every field optional).
export type { ClassifyOptions__Output as ClassifyOptions } from './generated/sieve/v1/ClassifyOptions';
export type { ClassifyRequest__Output as ClassifyRequest } from './generated/sieve/v1/ClassifyRequest';
export type { ClassifyRequest as ClassifyRequestInit } from './generated/sieve/v1/ClassifyRequest';
export type { ClassifyResponse as ClassifyResponseInit } from './generated/sieve/v1/ClassifyResponse';
export type { ClassifyResponse__Output as ClassifyResponse } from './generated/sieve/v1/ClassifyResponse';
export type { ClassifyStreamRequest__Output as ClassifyStreamRequest } from './generated/sieve/v1/ClassifyStreamRequest';
export type { ClassifyStreamResponse as ClassifyStreamResponseInit } from './generated/sieve/v1/ClassifyStreamResponse';
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
