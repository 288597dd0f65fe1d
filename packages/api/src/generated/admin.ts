import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from './google/protobuf/FieldMask';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { AdminClient as _sieve_v1_AdminClient, AdminDefinition as _sieve_v1_AdminDefinition } from './sieve/v1/Admin';
import type { ApiKey as _sieve_v1_ApiKey, ApiKey__Output as _sieve_v1_ApiKey__Output } from './sieve/v1/ApiKey';
import type { ClassifyOptions as _sieve_v1_ClassifyOptions, ClassifyOptions__Output as _sieve_v1_ClassifyOptions__Output } from './sieve/v1/ClassifyOptions';
import type { CreateTenantRequest as _sieve_v1_CreateTenantRequest, CreateTenantRequest__Output as _sieve_v1_CreateTenantRequest__Output } from './sieve/v1/CreateTenantRequest';
import type { CreateTenantResponse as _sieve_v1_CreateTenantResponse, CreateTenantResponse__Output as _sieve_v1_CreateTenantResponse__Output } from './sieve/v1/CreateTenantResponse';
import type { DeleteTenantRequest as _sieve_v1_DeleteTenantRequest, DeleteTenantRequest__Output as _sieve_v1_DeleteTenantRequest__Output } from './sieve/v1/DeleteTenantRequest';
import type { DeleteTenantResponse as _sieve_v1_DeleteTenantResponse, DeleteTenantResponse__Output as _sieve_v1_DeleteTenantResponse__Output } from './sieve/v1/DeleteTenantResponse';
import type { GetTenantRequest as _sieve_v1_GetTenantRequest, GetTenantRequest__Output as _sieve_v1_GetTenantRequest__Output } from './sieve/v1/GetTenantRequest';
import type { GetTenantResponse as _sieve_v1_GetTenantResponse, GetTenantResponse__Output as _sieve_v1_GetTenantResponse__Output } from './sieve/v1/GetTenantResponse';
import type { GetUsageRequest as _sieve_v1_GetUsageRequest, GetUsageRequest__Output as _sieve_v1_GetUsageRequest__Output } from './sieve/v1/GetUsageRequest';
import type { GetUsageResponse as _sieve_v1_GetUsageResponse, GetUsageResponse__Output as _sieve_v1_GetUsageResponse__Output } from './sieve/v1/GetUsageResponse';
import type { IssueKeyRequest as _sieve_v1_IssueKeyRequest, IssueKeyRequest__Output as _sieve_v1_IssueKeyRequest__Output } from './sieve/v1/IssueKeyRequest';
import type { IssueKeyResponse as _sieve_v1_IssueKeyResponse, IssueKeyResponse__Output as _sieve_v1_IssueKeyResponse__Output } from './sieve/v1/IssueKeyResponse';
import type { LabelScore as _sieve_v1_LabelScore, LabelScore__Output as _sieve_v1_LabelScore__Output } from './sieve/v1/LabelScore';
import type { ListKeysRequest as _sieve_v1_ListKeysRequest, ListKeysRequest__Output as _sieve_v1_ListKeysRequest__Output } from './sieve/v1/ListKeysRequest';
import type { ListKeysResponse as _sieve_v1_ListKeysResponse, ListKeysResponse__Output as _sieve_v1_ListKeysResponse__Output } from './sieve/v1/ListKeysResponse';
import type { ListTenantsRequest as _sieve_v1_ListTenantsRequest, ListTenantsRequest__Output as _sieve_v1_ListTenantsRequest__Output } from './sieve/v1/ListTenantsRequest';
import type { ListTenantsResponse as _sieve_v1_ListTenantsResponse, ListTenantsResponse__Output as _sieve_v1_ListTenantsResponse__Output } from './sieve/v1/ListTenantsResponse';
import type { PurgeTenantDataRequest as _sieve_v1_PurgeTenantDataRequest, PurgeTenantDataRequest__Output as _sieve_v1_PurgeTenantDataRequest__Output } from './sieve/v1/PurgeTenantDataRequest';
import type { PurgeTenantDataResponse as _sieve_v1_PurgeTenantDataResponse, PurgeTenantDataResponse__Output as _sieve_v1_PurgeTenantDataResponse__Output } from './sieve/v1/PurgeTenantDataResponse';
import type { RevokeKeyRequest as _sieve_v1_RevokeKeyRequest, RevokeKeyRequest__Output as _sieve_v1_RevokeKeyRequest__Output } from './sieve/v1/RevokeKeyRequest';
import type { RevokeKeyResponse as _sieve_v1_RevokeKeyResponse, RevokeKeyResponse__Output as _sieve_v1_RevokeKeyResponse__Output } from './sieve/v1/RevokeKeyResponse';
import type { RotateKeyRequest as _sieve_v1_RotateKeyRequest, RotateKeyRequest__Output as _sieve_v1_RotateKeyRequest__Output } from './sieve/v1/RotateKeyRequest';
import type { RotateKeyResponse as _sieve_v1_RotateKeyResponse, RotateKeyResponse__Output as _sieve_v1_RotateKeyResponse__Output } from './sieve/v1/RotateKeyResponse';
import type { Tenant as _sieve_v1_Tenant, Tenant__Output as _sieve_v1_Tenant__Output } from './sieve/v1/Tenant';
import type { TenantLimits as _sieve_v1_TenantLimits, TenantLimits__Output as _sieve_v1_TenantLimits__Output } from './sieve/v1/TenantLimits';
import type { TextClassification as _sieve_v1_TextClassification, TextClassification__Output as _sieve_v1_TextClassification__Output } from './sieve/v1/TextClassification';
import type { UpdateTenantRequest as _sieve_v1_UpdateTenantRequest, UpdateTenantRequest__Output as _sieve_v1_UpdateTenantRequest__Output } from './sieve/v1/UpdateTenantRequest';
import type { UpdateTenantResponse as _sieve_v1_UpdateTenantResponse, UpdateTenantResponse__Output as _sieve_v1_UpdateTenantResponse__Output } from './sieve/v1/UpdateTenantResponse';
import type { UsageBucket as _sieve_v1_UsageBucket, UsageBucket__Output as _sieve_v1_UsageBucket__Output } from './sieve/v1/UsageBucket';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      FieldMask: MessageTypeDefinition<_google_protobuf_FieldMask, _google_protobuf_FieldMask__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  sieve: {
    v1: {
      /**
       * Tenants, API keys and usage. Protected by the admin credential (`authorization: Bearer <admin token>`),
       * which is separate from every tenant key.
       */
      Admin: SubtypeConstructor<typeof grpc.Client, _sieve_v1_AdminClient> & { service: _sieve_v1_AdminDefinition }
      ApiKey: MessageTypeDefinition<_sieve_v1_ApiKey, _sieve_v1_ApiKey__Output>
      ClassifyOptions: MessageTypeDefinition<_sieve_v1_ClassifyOptions, _sieve_v1_ClassifyOptions__Output>
      CreateTenantRequest: MessageTypeDefinition<_sieve_v1_CreateTenantRequest, _sieve_v1_CreateTenantRequest__Output>
      CreateTenantResponse: MessageTypeDefinition<_sieve_v1_CreateTenantResponse, _sieve_v1_CreateTenantResponse__Output>
      DeleteTenantRequest: MessageTypeDefinition<_sieve_v1_DeleteTenantRequest, _sieve_v1_DeleteTenantRequest__Output>
      DeleteTenantResponse: MessageTypeDefinition<_sieve_v1_DeleteTenantResponse, _sieve_v1_DeleteTenantResponse__Output>
      GetTenantRequest: MessageTypeDefinition<_sieve_v1_GetTenantRequest, _sieve_v1_GetTenantRequest__Output>
      GetTenantResponse: MessageTypeDefinition<_sieve_v1_GetTenantResponse, _sieve_v1_GetTenantResponse__Output>
      GetUsageRequest: MessageTypeDefinition<_sieve_v1_GetUsageRequest, _sieve_v1_GetUsageRequest__Output>
      GetUsageResponse: MessageTypeDefinition<_sieve_v1_GetUsageResponse, _sieve_v1_GetUsageResponse__Output>
      IssueKeyRequest: MessageTypeDefinition<_sieve_v1_IssueKeyRequest, _sieve_v1_IssueKeyRequest__Output>
      IssueKeyResponse: MessageTypeDefinition<_sieve_v1_IssueKeyResponse, _sieve_v1_IssueKeyResponse__Output>
      LabelScore: MessageTypeDefinition<_sieve_v1_LabelScore, _sieve_v1_LabelScore__Output>
      ListKeysRequest: MessageTypeDefinition<_sieve_v1_ListKeysRequest, _sieve_v1_ListKeysRequest__Output>
      ListKeysResponse: MessageTypeDefinition<_sieve_v1_ListKeysResponse, _sieve_v1_ListKeysResponse__Output>
      ListTenantsRequest: MessageTypeDefinition<_sieve_v1_ListTenantsRequest, _sieve_v1_ListTenantsRequest__Output>
      ListTenantsResponse: MessageTypeDefinition<_sieve_v1_ListTenantsResponse, _sieve_v1_ListTenantsResponse__Output>
      Priority: EnumTypeDefinition
      PurgeTenantDataRequest: MessageTypeDefinition<_sieve_v1_PurgeTenantDataRequest, _sieve_v1_PurgeTenantDataRequest__Output>
      PurgeTenantDataResponse: MessageTypeDefinition<_sieve_v1_PurgeTenantDataResponse, _sieve_v1_PurgeTenantDataResponse__Output>
      RevokeKeyRequest: MessageTypeDefinition<_sieve_v1_RevokeKeyRequest, _sieve_v1_RevokeKeyRequest__Output>
      RevokeKeyResponse: MessageTypeDefinition<_sieve_v1_RevokeKeyResponse, _sieve_v1_RevokeKeyResponse__Output>
      RotateKeyRequest: MessageTypeDefinition<_sieve_v1_RotateKeyRequest, _sieve_v1_RotateKeyRequest__Output>
      RotateKeyResponse: MessageTypeDefinition<_sieve_v1_RotateKeyResponse, _sieve_v1_RotateKeyResponse__Output>
      Tenant: MessageTypeDefinition<_sieve_v1_Tenant, _sieve_v1_Tenant__Output>
      TenantLimits: MessageTypeDefinition<_sieve_v1_TenantLimits, _sieve_v1_TenantLimits__Output>
      TextClassification: MessageTypeDefinition<_sieve_v1_TextClassification, _sieve_v1_TextClassification__Output>
      Truncation: EnumTypeDefinition
      UpdateTenantRequest: MessageTypeDefinition<_sieve_v1_UpdateTenantRequest, _sieve_v1_UpdateTenantRequest__Output>
      UpdateTenantResponse: MessageTypeDefinition<_sieve_v1_UpdateTenantResponse, _sieve_v1_UpdateTenantResponse__Output>
      UsageBucket: MessageTypeDefinition<_sieve_v1_UsageBucket, _sieve_v1_UsageBucket__Output>
      UsageGranularity: EnumTypeDefinition
    }
  }
}

