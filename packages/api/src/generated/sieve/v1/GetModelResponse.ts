// Original file: sieve/v1/models.proto

import type { Model as _sieve_v1_Model, Model__Output as _sieve_v1_Model__Output } from '../../sieve/v1/Model';

export interface GetModelResponse {
  'model'?: (_sieve_v1_Model | null);
}

export interface GetModelResponse__Output {
  'model': (_sieve_v1_Model__Output | null);
}
