// Original file: sieve/v1/admin.proto


export interface GetClusterStatusRequest {
}

export interface GetClusterStatusRequest__Output {
}
