import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { ConfidenceInterval as _sieve_v1_ConfidenceInterval, ConfidenceInterval__Output as _sieve_v1_ConfidenceInterval__Output } from './sieve/v1/ConfidenceInterval';
import type { DeleteHeadRequest as _sieve_v1_DeleteHeadRequest, DeleteHeadRequest__Output as _sieve_v1_DeleteHeadRequest__Output } from './sieve/v1/DeleteHeadRequest';
import type { DeleteHeadResponse as _sieve_v1_DeleteHeadResponse, DeleteHeadResponse__Output as _sieve_v1_DeleteHeadResponse__Output } from './sieve/v1/DeleteHeadResponse';
import type { GetHeadRequest as _sieve_v1_GetHeadRequest, GetHeadRequest__Output as _sieve_v1_GetHeadRequest__Output } from './sieve/v1/GetHeadRequest';
import type { GetHeadResponse as _sieve_v1_GetHeadResponse, GetHeadResponse__Output as _sieve_v1_GetHeadResponse__Output } from './sieve/v1/GetHeadResponse';
import type { Head as _sieve_v1_Head, Head__Output as _sieve_v1_Head__Output } from './sieve/v1/Head';
import type { HeadMetrics as _sieve_v1_HeadMetrics, HeadMetrics__Output as _sieve_v1_HeadMetrics__Output } from './sieve/v1/HeadMetrics';
import type { HeadSpec as _sieve_v1_HeadSpec, HeadSpec__Output as _sieve_v1_HeadSpec__Output } from './sieve/v1/HeadSpec';
import type { HeadsClient as _sieve_v1_HeadsClient, HeadsDefinition as _sieve_v1_HeadsDefinition } from './sieve/v1/Heads';
import type { LabelQuality as _sieve_v1_LabelQuality, LabelQuality__Output as _sieve_v1_LabelQuality__Output } from './sieve/v1/LabelQuality';
import type { ListHeadsRequest as _sieve_v1_ListHeadsRequest, ListHeadsRequest__Output as _sieve_v1_ListHeadsRequest__Output } from './sieve/v1/ListHeadsRequest';
import type { ListHeadsResponse as _sieve_v1_ListHeadsResponse, ListHeadsResponse__Output as _sieve_v1_ListHeadsResponse__Output } from './sieve/v1/ListHeadsResponse';
import type { TrainHeadRequest as _sieve_v1_TrainHeadRequest, TrainHeadRequest__Output as _sieve_v1_TrainHeadRequest__Output } from './sieve/v1/TrainHeadRequest';
import type { TrainHeadResponse as _sieve_v1_TrainHeadResponse, TrainHeadResponse__Output as _sieve_v1_TrainHeadResponse__Output } from './sieve/v1/TrainHeadResponse';
import type { TrainingExample as _sieve_v1_TrainingExample, TrainingExample__Output as _sieve_v1_TrainingExample__Output } from './sieve/v1/TrainingExample';
import type { TrainingExamples as _sieve_v1_TrainingExamples, TrainingExamples__Output as _sieve_v1_TrainingExamples__Output } from './sieve/v1/TrainingExamples';

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
      ClassWeighting: EnumTypeDefinition
      ConfidenceInterval: MessageTypeDefinition<_sieve_v1_ConfidenceInterval, _sieve_v1_ConfidenceInterval__Output>
      DeleteHeadRequest: MessageTypeDefinition<_sieve_v1_DeleteHeadRequest, _sieve_v1_DeleteHeadRequest__Output>
      DeleteHeadResponse: MessageTypeDefinition<_sieve_v1_DeleteHeadResponse, _sieve_v1_DeleteHeadResponse__Output>
      GetHeadRequest: MessageTypeDefinition<_sieve_v1_GetHeadRequest, _sieve_v1_GetHeadRequest__Output>
      GetHeadResponse: MessageTypeDefinition<_sieve_v1_GetHeadResponse, _sieve_v1_GetHeadResponse__Output>
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
      LabelQuality: MessageTypeDefinition<_sieve_v1_LabelQuality, _sieve_v1_LabelQuality__Output>
      ListHeadsRequest: MessageTypeDefinition<_sieve_v1_ListHeadsRequest, _sieve_v1_ListHeadsRequest__Output>
      ListHeadsResponse: MessageTypeDefinition<_sieve_v1_ListHeadsResponse, _sieve_v1_ListHeadsResponse__Output>
      TrainHeadRequest: MessageTypeDefinition<_sieve_v1_TrainHeadRequest, _sieve_v1_TrainHeadRequest__Output>
      TrainHeadResponse: MessageTypeDefinition<_sieve_v1_TrainHeadResponse, _sieve_v1_TrainHeadResponse__Output>
      TrainingExample: MessageTypeDefinition<_sieve_v1_TrainingExample, _sieve_v1_TrainingExample__Output>
      TrainingExamples: MessageTypeDefinition<_sieve_v1_TrainingExamples, _sieve_v1_TrainingExamples__Output>
    }
  }
}

