// Original file: sieve/v1/batches.proto

import type { TextClassification as _sieve_v1_TextClassification, TextClassification__Output as _sieve_v1_TextClassification__Output } from '../../sieve/v1/TextClassification';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from '../../google/rpc/Status';
import type { Long } from '@grpc/proto-loader';

export interface BatchResult {
  /**
   * 0-based position of the item in the submitted input.
   */
  'index'?: (number | string | Long);
  /**
   * The client's id for the item, if one was given.
   */
  'id'?: (string);
  'classification'?: (_sieve_v1_TextClassification | null);
  'error'?: (_google_rpc_Status | null);
  'outcome'?: "classification"|"error";
}

export interface BatchResult__Output {
  /**
   * 0-based position of the item in the submitted input.
   */
  'index': (number);
  /**
   * The client's id for the item, if one was given.
   */
  'id': (string);
  'classification'?: (_sieve_v1_TextClassification__Output | null);
  'error'?: (_google_rpc_Status__Output | null);
  'outcome'?: "classification"|"error";
}
