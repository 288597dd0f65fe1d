// Original file: sieve/v1/heads.proto

import type { HeadSpec as _sieve_v1_HeadSpec, HeadSpec__Output as _sieve_v1_HeadSpec__Output } from '../../sieve/v1/HeadSpec';
import type { TrainingExamples as _sieve_v1_TrainingExamples, TrainingExamples__Output as _sieve_v1_TrainingExamples__Output } from '../../sieve/v1/TrainingExamples';

export interface TrainHeadRequest {
  'spec'?: (_sieve_v1_HeadSpec | null);
  'examples'?: (_sieve_v1_TrainingExamples | null);
  'payload'?: "spec"|"examples";
}

export interface TrainHeadRequest__Output {
  'spec'?: (_sieve_v1_HeadSpec__Output | null);
  'examples'?: (_sieve_v1_TrainingExamples__Output | null);
  'payload'?: "spec"|"examples";
}
