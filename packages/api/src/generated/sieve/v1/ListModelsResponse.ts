// Original file: sieve/v1/models.proto

import type { Model as _sieve_v1_Model, Model__Output as _sieve_v1_Model__Output } from '../../sieve/v1/Model';

export interface ListModelsResponse {
  'models'?: (_sieve_v1_Model)[];
}

export interface ListModelsResponse__Output {
  'models': (_sieve_v1_Model__Output)[];
}
