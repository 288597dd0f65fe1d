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
   * The gateway that answered, as it sees itself now.
   */
  'gateway'?: (_sieve_v1_GatewayStatus | null);
  /**
   * True when `models`, `workers` or `gateways` left some out.
   */
  'truncated'?: (boolean);
  /**
   * Live gateways by id, the answering one included: each announces itself every second (draining or not) and
   * drops out 3 s after its last announcement, or at once when it stops; `backend_reachable` of another gateway is
   * true (it reached Redis to announce itself). At most 500.
   */
  'gateways'?: (_sieve_v1_GatewayStatus)[];
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
   * The gateway that answered, as it sees itself now.
   */
  'gateway': (_sieve_v1_GatewayStatus__Output | null);
  /**
   * True when `models`, `workers` or `gateways` left some out.
   */
  'truncated': (boolean);
  /**
   * Live gateways by id, the answering one included: each announces itself every second (draining or not) and
   * drops out 3 s after its last announcement, or at once when it stops; `backend_reachable` of another gateway is
   * true (it reached Redis to announce itself). At most 500.
   */
  'gateways': (_sieve_v1_GatewayStatus__Output)[];
}
