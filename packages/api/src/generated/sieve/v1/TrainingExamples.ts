// Original file: sieve/v1/heads.proto

import type { TrainingExample as _sieve_v1_TrainingExample, TrainingExample__Output as _sieve_v1_TrainingExample__Output } from '../../sieve/v1/TrainingExample';

export interface TrainingExamples {
  'examples'?: (_sieve_v1_TrainingExample)[];
}

export interface TrainingExamples__Output {
  'examples': (_sieve_v1_TrainingExample__Output)[];
}
