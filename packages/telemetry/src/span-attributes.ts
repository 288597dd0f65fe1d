// Attribute names of sieve's spans: semantic-convention names where one exists, `sieve.*` for the rest. Only ids and
// counts: never an API key, and texts only under TEXTS_CONTENT when an operator turned that on.
export const ATTR = {
  RPC_SYSTEM: 'rpc.system',
  RPC_SERVICE: 'rpc.service',
  RPC_METHOD: 'rpc.method',
  RPC_GRPC_STATUS_CODE: 'rpc.grpc.status_code',
  MESSAGING_SYSTEM: 'messaging.system',
  MESSAGING_OPERATION_TYPE: 'messaging.operation.type',
  MESSAGING_DESTINATION: 'messaging.destination.name',
  MESSAGING_MESSAGE_ID: 'messaging.message.id',
  TENANT: 'sieve.tenant',
  MODEL: 'sieve.model',
  MODEL_DIGEST: 'sieve.model.digest',
  TEXTS: 'sieve.texts',
  TOKENS: 'sieve.tokens',
  BATCH_SIZE: 'sieve.batch.size',
  BATCH_PADDED_TOKENS: 'sieve.batch.padded_tokens',
  BATCH_REAL_TOKENS: 'sieve.batch.real_tokens',
  EXECUTION_PROVIDER: 'sieve.execution_provider',
  OUTCOME: 'sieve.outcome',
  TEXTS_CONTENT: 'sieve.input.texts',
} as const;
