// Original file: sieve/v1/models.proto


export interface ListModelsRequest {
}

export interface ListModelsRequest__Output {
}
