// Original file: sieve/v1/admin.proto

import type { ModelStatus as _sieve_v1_ModelStatus, ModelStatus__Output as _sieve_v1_ModelStatus__Output } from '../../sieve/v1/ModelStatus';
import type { WorkerStatus as _sieve_v1_WorkerStatus, WorkerStatus__Output as _sieve_v1_WorkerStatus__Output } from '../../sieve/v1/WorkerStatus';
import type { GatewayStatus as _sieve_v1_GatewayStatus, GatewayStatus__Output as _sieve_v1_GatewayStatus__Output } from '../../sieve/v1/GatewayStatus';

export interface GetClusterStatusResponse {
  /**
   * Every model version served or assigned (loading, failed), by name and version; at most 500.
   */
  'models'?: (_sieve_v1_ModelStatus)[];
  /**
   * Live workers by id; at most 500.
   */
  'workers'?: (_sieve_v1_WorkerStatus)[];
  /**
   * The gateway that answered (gateways do not register with each other).
   */
  'gateway'?: (_sieve_v1_GatewayStatus | null);
  /**
   * True when `models` or `workers` left some out.
   */
  'truncated'?: (boolean);
}

export interface GetClusterStatusResponse__Output {
  /**
   * Every model version served or assigned (loading, failed), by name and version; at most 500.
   */
  'models': (_sieve_v1_ModelStatus__Output)[];
  /**
   * Live workers by id; at most 500.
   */
  'workers': (_sieve_v1_WorkerStatus__Output)[];
  /**
   * The gateway that answered (gateways do not register with each other).
   */
  'gateway': (_sieve_v1_GatewayStatus__Output | null);
  /**
   * True when `models` or `workers` left some out.
   */
  'truncated': (boolean);
}
