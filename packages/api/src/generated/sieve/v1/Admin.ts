// Original file: sieve/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateTenantRequest as _sieve_v1_CreateTenantRequest, CreateTenantRequest__Output as _sieve_v1_CreateTenantRequest__Output } from '../../sieve/v1/CreateTenantRequest';
import type { CreateTenantResponse as _sieve_v1_CreateTenantResponse, CreateTenantResponse__Output as _sieve_v1_CreateTenantResponse__Output } from '../../sieve/v1/CreateTenantResponse';
import type { DeleteTenantRequest as _sieve_v1_DeleteTenantRequest, DeleteTenantRequest__Output as _sieve_v1_DeleteTenantRequest__Output } from '../../sieve/v1/DeleteTenantRequest';
import type { DeleteTenantResponse as _sieve_v1_DeleteTenantResponse, DeleteTenantResponse__Output as _sieve_v1_DeleteTenantResponse__Output } from '../../sieve/v1/DeleteTenantResponse';
import type { GetTenantRequest as _sieve_v1_GetTenantRequest, GetTenantRequest__Output as _sieve_v1_GetTenantRequest__Output } from '../../sieve/v1/GetTenantRequest';
import type { GetTenantResponse as _sieve_v1_GetTenantResponse, GetTenantResponse__Output as _sieve_v1_GetTenantResponse__Output } from '../../sieve/v1/GetTenantResponse';
import type { GetUsageRequest as _sieve_v1_GetUsageRequest, GetUsageRequest__Output as _sieve_v1_GetUsageRequest__Output } from '../../sieve/v1/GetUsageRequest';
import type { GetUsageResponse as _sieve_v1_GetUsageResponse, GetUsageResponse__Output as _sieve_v1_GetUsageResponse__Output } from '../../sieve/v1/GetUsageResponse';
import type { IssueKeyRequest as _sieve_v1_IssueKeyRequest, IssueKeyRequest__Output as _sieve_v1_IssueKeyRequest__Output } from '../../sieve/v1/IssueKeyRequest';
import type { IssueKeyResponse as _sieve_v1_IssueKeyResponse, IssueKeyResponse__Output as _sieve_v1_IssueKeyResponse__Output } from '../../sieve/v1/IssueKeyResponse';
import type { ListKeysRequest as _sieve_v1_ListKeysRequest, ListKeysRequest__Output as _sieve_v1_ListKeysRequest__Output } from '../../sieve/v1/ListKeysRequest';
import type { ListKeysResponse as _sieve_v1_ListKeysResponse, ListKeysResponse__Output as _sieve_v1_ListKeysResponse__Output } from '../../sieve/v1/ListKeysResponse';
import type { ListTenantsRequest as _sieve_v1_ListTenantsRequest, ListTenantsRequest__Output as _sieve_v1_ListTenantsRequest__Output } from '../../sieve/v1/ListTenantsRequest';
import type { ListTenantsResponse as _sieve_v1_ListTenantsResponse, ListTenantsResponse__Output as _sieve_v1_ListTenantsResponse__Output } from '../../sieve/v1/ListTenantsResponse';
import type { PurgeTenantDataRequest as _sieve_v1_PurgeTenantDataRequest, PurgeTenantDataRequest__Output as _sieve_v1_PurgeTenantDataRequest__Output } from '../../sieve/v1/PurgeTenantDataRequest';
import type { PurgeTenantDataResponse as _sieve_v1_PurgeTenantDataResponse, PurgeTenantDataResponse__Output as _sieve_v1_PurgeTenantDataResponse__Output } from '../../sieve/v1/PurgeTenantDataResponse';
import type { RevokeKeyRequest as _sieve_v1_RevokeKeyRequest, RevokeKeyRequest__Output as _sieve_v1_RevokeKeyRequest__Output } from '../../sieve/v1/RevokeKeyRequest';
import type { RevokeKeyResponse as _sieve_v1_RevokeKeyResponse, RevokeKeyResponse__Output as _sieve_v1_RevokeKeyResponse__Output } from '../../sieve/v1/RevokeKeyResponse';
import type { RotateKeyRequest as _sieve_v1_RotateKeyRequest, RotateKeyRequest__Output as _sieve_v1_RotateKeyRequest__Output } from '../../sieve/v1/RotateKeyRequest';
import type { RotateKeyResponse as _sieve_v1_RotateKeyResponse, RotateKeyResponse__Output as _sieve_v1_RotateKeyResponse__Output } from '../../sieve/v1/RotateKeyResponse';
import type { UpdateTenantRequest as _sieve_v1_UpdateTenantRequest, UpdateTenantRequest__Output as _sieve_v1_UpdateTenantRequest__Output } from '../../sieve/v1/UpdateTenantRequest';
import type { UpdateTenantResponse as _sieve_v1_UpdateTenantResponse, UpdateTenantResponse__Output as _sieve_v1_UpdateTenantResponse__Output } from '../../sieve/v1/UpdateTenantResponse';

/**
 * Tenants, API keys and usage. Protected by the admin credential (`authorization: Bearer <admin token>`),
 * which is separate from every tenant key.
 */
export interface AdminClient extends grpc.Client {
  CreateTenant(argument: _sieve_v1_CreateTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_CreateTenantResponse__Output>): grpc.ClientUnaryCall;
  CreateTenant(argument: _sieve_v1_CreateTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_CreateTenantResponse__Output>): grpc.ClientUnaryCall;
  CreateTenant(argument: _sieve_v1_CreateTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_CreateTenantResponse__Output>): grpc.ClientUnaryCall;
  CreateTenant(argument: _sieve_v1_CreateTenantRequest, callback: grpc.requestCallback<_sieve_v1_CreateTenantResponse__Output>): grpc.ClientUnaryCall;
  createTenant(argument: _sieve_v1_CreateTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_CreateTenantResponse__Output>): grpc.ClientUnaryCall;
  createTenant(argument: _sieve_v1_CreateTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_CreateTenantResponse__Output>): grpc.ClientUnaryCall;
  createTenant(argument: _sieve_v1_CreateTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_CreateTenantResponse__Output>): grpc.ClientUnaryCall;
  createTenant(argument: _sieve_v1_CreateTenantRequest, callback: grpc.requestCallback<_sieve_v1_CreateTenantResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes the tenant, revokes its keys and deletes all of its data (pending work, batch jobs, results, usage).
   */
  DeleteTenant(argument: _sieve_v1_DeleteTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_DeleteTenantResponse__Output>): grpc.ClientUnaryCall;
  DeleteTenant(argument: _sieve_v1_DeleteTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_DeleteTenantResponse__Output>): grpc.ClientUnaryCall;
  DeleteTenant(argument: _sieve_v1_DeleteTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_DeleteTenantResponse__Output>): grpc.ClientUnaryCall;
  DeleteTenant(argument: _sieve_v1_DeleteTenantRequest, callback: grpc.requestCallback<_sieve_v1_DeleteTenantResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes the tenant, revokes its keys and deletes all of its data (pending work, batch jobs, results, usage).
   */
  deleteTenant(argument: _sieve_v1_DeleteTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_DeleteTenantResponse__Output>): grpc.ClientUnaryCall;
  deleteTenant(argument: _sieve_v1_DeleteTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_DeleteTenantResponse__Output>): grpc.ClientUnaryCall;
  deleteTenant(argument: _sieve_v1_DeleteTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_DeleteTenantResponse__Output>): grpc.ClientUnaryCall;
  deleteTenant(argument: _sieve_v1_DeleteTenantRequest, callback: grpc.requestCallback<_sieve_v1_DeleteTenantResponse__Output>): grpc.ClientUnaryCall;
  
  GetTenant(argument: _sieve_v1_GetTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetTenantResponse__Output>): grpc.ClientUnaryCall;
  GetTenant(argument: _sieve_v1_GetTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetTenantResponse__Output>): grpc.ClientUnaryCall;
  GetTenant(argument: _sieve_v1_GetTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetTenantResponse__Output>): grpc.ClientUnaryCall;
  GetTenant(argument: _sieve_v1_GetTenantRequest, callback: grpc.requestCallback<_sieve_v1_GetTenantResponse__Output>): grpc.ClientUnaryCall;
  getTenant(argument: _sieve_v1_GetTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetTenantResponse__Output>): grpc.ClientUnaryCall;
  getTenant(argument: _sieve_v1_GetTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetTenantResponse__Output>): grpc.ClientUnaryCall;
  getTenant(argument: _sieve_v1_GetTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetTenantResponse__Output>): grpc.ClientUnaryCall;
  getTenant(argument: _sieve_v1_GetTenantRequest, callback: grpc.requestCallback<_sieve_v1_GetTenantResponse__Output>): grpc.ClientUnaryCall;
  
  GetUsage(argument: _sieve_v1_GetUsageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetUsageResponse__Output>): grpc.ClientUnaryCall;
  GetUsage(argument: _sieve_v1_GetUsageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetUsageResponse__Output>): grpc.ClientUnaryCall;
  GetUsage(argument: _sieve_v1_GetUsageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetUsageResponse__Output>): grpc.ClientUnaryCall;
  GetUsage(argument: _sieve_v1_GetUsageRequest, callback: grpc.requestCallback<_sieve_v1_GetUsageResponse__Output>): grpc.ClientUnaryCall;
  getUsage(argument: _sieve_v1_GetUsageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetUsageResponse__Output>): grpc.ClientUnaryCall;
  getUsage(argument: _sieve_v1_GetUsageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetUsageResponse__Output>): grpc.ClientUnaryCall;
  getUsage(argument: _sieve_v1_GetUsageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetUsageResponse__Output>): grpc.ClientUnaryCall;
  getUsage(argument: _sieve_v1_GetUsageRequest, callback: grpc.requestCallback<_sieve_v1_GetUsageResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The secret is returned once, here; the server stores only its hash.
   */
  IssueKey(argument: _sieve_v1_IssueKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_IssueKeyResponse__Output>): grpc.ClientUnaryCall;
  IssueKey(argument: _sieve_v1_IssueKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_IssueKeyResponse__Output>): grpc.ClientUnaryCall;
  IssueKey(argument: _sieve_v1_IssueKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_IssueKeyResponse__Output>): grpc.ClientUnaryCall;
  IssueKey(argument: _sieve_v1_IssueKeyRequest, callback: grpc.requestCallback<_sieve_v1_IssueKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The secret is returned once, here; the server stores only its hash.
   */
  issueKey(argument: _sieve_v1_IssueKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_IssueKeyResponse__Output>): grpc.ClientUnaryCall;
  issueKey(argument: _sieve_v1_IssueKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_IssueKeyResponse__Output>): grpc.ClientUnaryCall;
  issueKey(argument: _sieve_v1_IssueKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_IssueKeyResponse__Output>): grpc.ClientUnaryCall;
  issueKey(argument: _sieve_v1_IssueKeyRequest, callback: grpc.requestCallback<_sieve_v1_IssueKeyResponse__Output>): grpc.ClientUnaryCall;
  
  ListKeys(argument: _sieve_v1_ListKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  ListKeys(argument: _sieve_v1_ListKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  ListKeys(argument: _sieve_v1_ListKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  ListKeys(argument: _sieve_v1_ListKeysRequest, callback: grpc.requestCallback<_sieve_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _sieve_v1_ListKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _sieve_v1_ListKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _sieve_v1_ListKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _sieve_v1_ListKeysRequest, callback: grpc.requestCallback<_sieve_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  
  ListTenants(argument: _sieve_v1_ListTenantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  ListTenants(argument: _sieve_v1_ListTenantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  ListTenants(argument: _sieve_v1_ListTenantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  ListTenants(argument: _sieve_v1_ListTenantsRequest, callback: grpc.requestCallback<_sieve_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  listTenants(argument: _sieve_v1_ListTenantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  listTenants(argument: _sieve_v1_ListTenantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  listTenants(argument: _sieve_v1_ListTenantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  listTenants(argument: _sieve_v1_ListTenantsRequest, callback: grpc.requestCallback<_sieve_v1_ListTenantsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes all of a tenant's stored data but keeps the tenant and its keys.
   */
  PurgeTenantData(argument: _sieve_v1_PurgeTenantDataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_PurgeTenantDataResponse__Output>): grpc.ClientUnaryCall;
  PurgeTenantData(argument: _sieve_v1_PurgeTenantDataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_PurgeTenantDataResponse__Output>): grpc.ClientUnaryCall;
  PurgeTenantData(argument: _sieve_v1_PurgeTenantDataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_PurgeTenantDataResponse__Output>): grpc.ClientUnaryCall;
  PurgeTenantData(argument: _sieve_v1_PurgeTenantDataRequest, callback: grpc.requestCallback<_sieve_v1_PurgeTenantDataResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes all of a tenant's stored data but keeps the tenant and its keys.
   */
  purgeTenantData(argument: _sieve_v1_PurgeTenantDataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_PurgeTenantDataResponse__Output>): grpc.ClientUnaryCall;
  purgeTenantData(argument: _sieve_v1_PurgeTenantDataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_PurgeTenantDataResponse__Output>): grpc.ClientUnaryCall;
  purgeTenantData(argument: _sieve_v1_PurgeTenantDataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_PurgeTenantDataResponse__Output>): grpc.ClientUnaryCall;
  purgeTenantData(argument: _sieve_v1_PurgeTenantDataRequest, callback: grpc.requestCallback<_sieve_v1_PurgeTenantDataResponse__Output>): grpc.ClientUnaryCall;
  
  RevokeKey(argument: _sieve_v1_RevokeKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_RevokeKeyResponse__Output>): grpc.ClientUnaryCall;
  RevokeKey(argument: _sieve_v1_RevokeKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_RevokeKeyResponse__Output>): grpc.ClientUnaryCall;
  RevokeKey(argument: _sieve_v1_RevokeKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_RevokeKeyResponse__Output>): grpc.ClientUnaryCall;
  RevokeKey(argument: _sieve_v1_RevokeKeyRequest, callback: grpc.requestCallback<_sieve_v1_RevokeKeyResponse__Output>): grpc.ClientUnaryCall;
  revokeKey(argument: _sieve_v1_RevokeKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_RevokeKeyResponse__Output>): grpc.ClientUnaryCall;
  revokeKey(argument: _sieve_v1_RevokeKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_RevokeKeyResponse__Output>): grpc.ClientUnaryCall;
  revokeKey(argument: _sieve_v1_RevokeKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_RevokeKeyResponse__Output>): grpc.ClientUnaryCall;
  revokeKey(argument: _sieve_v1_RevokeKeyRequest, callback: grpc.requestCallback<_sieve_v1_RevokeKeyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Issues a new key; the old one stays valid for the grace period, then stops working.
   */
  RotateKey(argument: _sieve_v1_RotateKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateKey(argument: _sieve_v1_RotateKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateKey(argument: _sieve_v1_RotateKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateKey(argument: _sieve_v1_RotateKeyRequest, callback: grpc.requestCallback<_sieve_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Issues a new key; the old one stays valid for the grace period, then stops working.
   */
  rotateKey(argument: _sieve_v1_RotateKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateKey(argument: _sieve_v1_RotateKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateKey(argument: _sieve_v1_RotateKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateKey(argument: _sieve_v1_RotateKeyRequest, callback: grpc.requestCallback<_sieve_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateTenant(argument: _sieve_v1_UpdateTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_UpdateTenantResponse__Output>): grpc.ClientUnaryCall;
  UpdateTenant(argument: _sieve_v1_UpdateTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_UpdateTenantResponse__Output>): grpc.ClientUnaryCall;
  UpdateTenant(argument: _sieve_v1_UpdateTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_UpdateTenantResponse__Output>): grpc.ClientUnaryCall;
  UpdateTenant(argument: _sieve_v1_UpdateTenantRequest, callback: grpc.requestCallback<_sieve_v1_UpdateTenantResponse__Output>): grpc.ClientUnaryCall;
  updateTenant(argument: _sieve_v1_UpdateTenantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_UpdateTenantResponse__Output>): grpc.ClientUnaryCall;
  updateTenant(argument: _sieve_v1_UpdateTenantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_UpdateTenantResponse__Output>): grpc.ClientUnaryCall;
  updateTenant(argument: _sieve_v1_UpdateTenantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_UpdateTenantResponse__Output>): grpc.ClientUnaryCall;
  updateTenant(argument: _sieve_v1_UpdateTenantRequest, callback: grpc.requestCallback<_sieve_v1_UpdateTenantResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Tenants, API keys and usage. Protected by the admin credential (`authorization: Bearer <admin token>`),
 * which is separate from every tenant key.
 */
export interface AdminHandlers extends grpc.UntypedServiceImplementation {
  CreateTenant: grpc.handleUnaryCall<_sieve_v1_CreateTenantRequest__Output, _sieve_v1_CreateTenantResponse>;
  
  /**
   * Removes the tenant, revokes its keys and deletes all of its data (pending work, batch jobs, results, usage).
   */
  DeleteTenant: grpc.handleUnaryCall<_sieve_v1_DeleteTenantRequest__Output, _sieve_v1_DeleteTenantResponse>;
  
  GetTenant: grpc.handleUnaryCall<_sieve_v1_GetTenantRequest__Output, _sieve_v1_GetTenantResponse>;
  
  GetUsage: grpc.handleUnaryCall<_sieve_v1_GetUsageRequest__Output, _sieve_v1_GetUsageResponse>;
  
  /**
   * The secret is returned once, here; the server stores only its hash.
   */
  IssueKey: grpc.handleUnaryCall<_sieve_v1_IssueKeyRequest__Output, _sieve_v1_IssueKeyResponse>;
  
  ListKeys: grpc.handleUnaryCall<_sieve_v1_ListKeysRequest__Output, _sieve_v1_ListKeysResponse>;
  
  ListTenants: grpc.handleUnaryCall<_sieve_v1_ListTenantsRequest__Output, _sieve_v1_ListTenantsResponse>;
  
  /**
   * Deletes all of a tenant's stored data but keeps the tenant and its keys.
   */
  PurgeTenantData: grpc.handleUnaryCall<_sieve_v1_PurgeTenantDataRequest__Output, _sieve_v1_PurgeTenantDataResponse>;
  
  RevokeKey: grpc.handleUnaryCall<_sieve_v1_RevokeKeyRequest__Output, _sieve_v1_RevokeKeyResponse>;
  
  /**
   * Issues a new key; the old one stays valid for the grace period, then stops working.
   */
  RotateKey: grpc.handleUnaryCall<_sieve_v1_RotateKeyRequest__Output, _sieve_v1_RotateKeyResponse>;
  
  UpdateTenant: grpc.handleUnaryCall<_sieve_v1_UpdateTenantRequest__Output, _sieve_v1_UpdateTenantResponse>;
  
}

export interface AdminDefinition extends grpc.ServiceDefinition {
  CreateTenant: MethodDefinition<_sieve_v1_CreateTenantRequest, _sieve_v1_CreateTenantResponse, _sieve_v1_CreateTenantRequest__Output, _sieve_v1_CreateTenantResponse__Output>
  DeleteTenant: MethodDefinition<_sieve_v1_DeleteTenantRequest, _sieve_v1_DeleteTenantResponse, _sieve_v1_DeleteTenantRequest__Output, _sieve_v1_DeleteTenantResponse__Output>
  GetTenant: MethodDefinition<_sieve_v1_GetTenantRequest, _sieve_v1_GetTenantResponse, _sieve_v1_GetTenantRequest__Output, _sieve_v1_GetTenantResponse__Output>
  GetUsage: MethodDefinition<_sieve_v1_GetUsageRequest, _sieve_v1_GetUsageResponse, _sieve_v1_GetUsageRequest__Output, _sieve_v1_GetUsageResponse__Output>
  IssueKey: MethodDefinition<_sieve_v1_IssueKeyRequest, _sieve_v1_IssueKeyResponse, _sieve_v1_IssueKeyRequest__Output, _sieve_v1_IssueKeyResponse__Output>
  ListKeys: MethodDefinition<_sieve_v1_ListKeysRequest, _sieve_v1_ListKeysResponse, _sieve_v1_ListKeysRequest__Output, _sieve_v1_ListKeysResponse__Output>
  ListTenants: MethodDefinition<_sieve_v1_ListTenantsRequest, _sieve_v1_ListTenantsResponse, _sieve_v1_ListTenantsRequest__Output, _sieve_v1_ListTenantsResponse__Output>
  PurgeTenantData: MethodDefinition<_sieve_v1_PurgeTenantDataRequest, _sieve_v1_PurgeTenantDataResponse, _sieve_v1_PurgeTenantDataRequest__Output, _sieve_v1_PurgeTenantDataResponse__Output>
  RevokeKey: MethodDefinition<_sieve_v1_RevokeKeyRequest, _sieve_v1_RevokeKeyResponse, _sieve_v1_RevokeKeyRequest__Output, _sieve_v1_RevokeKeyResponse__Output>
  RotateKey: MethodDefinition<_sieve_v1_RotateKeyRequest, _sieve_v1_RotateKeyResponse, _sieve_v1_RotateKeyRequest__Output, _sieve_v1_RotateKeyResponse__Output>
  UpdateTenant: MethodDefinition<_sieve_v1_UpdateTenantRequest, _sieve_v1_UpdateTenantResponse, _sieve_v1_UpdateTenantRequest__Output, _sieve_v1_UpdateTenantResponse__Output>
}
