// Original file: sieve/v1/admin.proto


export interface DeleteTenantResponse {
}

export interface DeleteTenantResponse__Output {
}
