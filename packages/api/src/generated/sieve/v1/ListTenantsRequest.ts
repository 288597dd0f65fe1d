// Original file: sieve/v1/admin.proto


export interface ListTenantsRequest {
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListTenantsRequest__Output {
  'pageSize': (number);
  'pageToken': (string);
}
