import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ClassifyOptions as _sieve_v1_ClassifyOptions, ClassifyOptions__Output as _sieve_v1_ClassifyOptions__Output } from './sieve/v1/ClassifyOptions';
import type { LabelScore as _sieve_v1_LabelScore, LabelScore__Output as _sieve_v1_LabelScore__Output } from './sieve/v1/LabelScore';
import type { TextClassification as _sieve_v1_TextClassification, TextClassification__Output as _sieve_v1_TextClassification__Output } from './sieve/v1/TextClassification';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  sieve: {
    v1: {
      ClassifyOptions: MessageTypeDefinition<_sieve_v1_ClassifyOptions, _sieve_v1_ClassifyOptions__Output>
      LabelScore: MessageTypeDefinition<_sieve_v1_LabelScore, _sieve_v1_LabelScore__Output>
      Priority: EnumTypeDefinition
      TextClassification: MessageTypeDefinition<_sieve_v1_TextClassification, _sieve_v1_TextClassification__Output>
      Truncation: EnumTypeDefinition
    }
  }
}

