// Original file: sieve/v1/models.proto

import type { ModelState as _sieve_v1_ModelState, ModelState__Output as _sieve_v1_ModelState__Output } from '../../sieve/v1/ModelState';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Model {
  'name'?: (string);
  'version'?: (string);
  /**
   * Content digest over the model's files, "sha256:<hex>".
   */
  'digest'?: (string);
  /**
   * Labels in the model's id order (id2label).
   */
  'labels'?: (string)[];
  /**
   * Maximum sequence length in tokens, special tokens included.
   */
  'maxLength'?: (number);
  'state'?: (_sieve_v1_ModelState);
  'stateReason'?: (string);
  /**
   * "float32", "int8", ...
   */
  'dtype'?: (string);
  /**
   * True when requests naming only `name` are served by this version.
   */
  'defaultVersion'?: (boolean);
  /**
   * Where the files came from, e.g. "hf://Xenova/distilbert-base-multilingual-cased-sentiments-student@<commit>".
   */
  'source'?: (string);
  /**
   * Workers currently serving this model.
   */
  'workerCount'?: (number);
  /**
   * Execution providers in use on those workers ("webgpu", "cuda", "cpu").
   */
  'executionProviders'?: (string)[];
  'createTime'?: (_google_protobuf_Timestamp | null);
  /**
   * True when the weights are random (made by `sieve models synth`): the answers mean nothing.
   */
  'synthetic'?: (boolean);
  /**
   * The GPU adapters the serving workers compute on, one entry per distinct adapter; empty where every worker runs
   * on CPU. For WebGPU, the Vulkan driver manifest in use (e.g. "nvidia_icd.json"): onnxruntime-node exposes no
   * adapter name of its own.
   */
  'adapters'?: (string)[];
}

export interface Model__Output {
  'name': (string);
  'version': (string);
  /**
   * Content digest over the model's files, "sha256:<hex>".
   */
  'digest': (string);
  /**
   * Labels in the model's id order (id2label).
   */
  'labels': (string)[];
  /**
   * Maximum sequence length in tokens, special tokens included.
   */
  'maxLength': (number);
  'state': (_sieve_v1_ModelState__Output);
  'stateReason': (string);
  /**
   * "float32", "int8", ...
   */
  'dtype': (string);
  /**
   * True when requests naming only `name` are served by this version.
   */
  'defaultVersion': (boolean);
  /**
   * Where the files came from, e.g. "hf://Xenova/distilbert-base-multilingual-cased-sentiments-student@<commit>".
   */
  'source': (string);
  /**
   * Workers currently serving this model.
   */
  'workerCount': (number);
  /**
   * Execution providers in use on those workers ("webgpu", "cuda", "cpu").
   */
  'executionProviders': (string)[];
  'createTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * True when the weights are random (made by `sieve models synth`): the answers mean nothing.
   */
  'synthetic': (boolean);
  /**
   * The GPU adapters the serving workers compute on, one entry per distinct adapter; empty where every worker runs
   * on CPU. For WebGPU, the Vulkan driver manifest in use (e.g. "nvidia_icd.json"): onnxruntime-node exposes no
   * adapter name of its own.
   */
  'adapters': (string)[];
}
