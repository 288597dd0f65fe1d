// Original file: sieve/v1/admin.proto


export interface WorkerModel {
  /**
   * "name@version".
   */
  'model'?: (string);
  /**
   * "webgpu", "cuda" or "cpu".
   */
  'executionProvider'?: (string);
  /**
   * The GPU adapter, as in Model.adapters; empty on CPU.
   */
  'adapter'?: (string);
}

export interface WorkerModel__Output {
  /**
   * "name@version".
   */
  'model': (string);
  /**
   * "webgpu", "cuda" or "cpu".
   */
  'executionProvider': (string);
  /**
   * The GPU adapter, as in Model.adapters; empty on CPU.
   */
  'adapter': (string);
}
