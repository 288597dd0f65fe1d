// Original file: sieve/v1/heads.proto


export interface TrainingExample {
  'text'?: (string);
  'label'?: (string);
}

export interface TrainingExample__Output {
  'text': (string);
  'label': (string);
}
