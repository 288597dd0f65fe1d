// Original file: sieve/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AdminCancelBatchRequest as _sieve_v1_AdminCancelBatchRequest, AdminCancelBatchRequest__Output as _sieve_v1_AdminCancelBatchRequest__Output } from '../../sieve/v1/AdminCancelBatchRequest';
import type { AdminCancelBatchResponse as _sieve_v1_AdminCancelBatchResponse, AdminCancelBatchResponse__Output as _sieve_v1_AdminCancelBatchResponse__Output } from '../../sieve/v1/AdminCancelBatchResponse';
import type { AdminListBatchesRequest as _sieve_v1_AdminListBatchesRequest, AdminListBatchesRequest__Output as _sieve_v1_AdminListBatchesRequest__Output } from '../../sieve/v1/AdminListBatchesRequest';
import type { AdminListBatchesResponse as _sieve_v1_AdminListBatchesResponse, AdminListBatchesResponse__Output as _sieve_v1_AdminListBatchesResponse__Output } from '../../sieve/v1/AdminListBatchesResponse';
import type { AdminListHeadsRequest as _sieve_v1_AdminListHeadsRequest, AdminListHeadsRequest__Output as _sieve_v1_AdminListHeadsRequest__Output } from '../../sieve/v1/AdminListHeadsRequest';
import type { AdminListHeadsResponse as _sieve_v1_AdminListHeadsResponse, AdminListHeadsResponse__Output as _sieve_v1_AdminListHeadsResponse__Output } from '../../sieve/v1/AdminListHeadsResponse';
import type { CreateTenantRequest as _sieve_v1_CreateTenantRequest, CreateTenantRequest__Output as _sieve_v1_CreateTenantRequest__Output } from '../../sieve/v1/CreateTenantRequest';
import type { CreateTenantResponse as _sieve_v1_CreateTenantResponse, CreateTenantResponse__Output as _sieve_v1_CreateTenantResponse__Output } from '../../sieve/v1/CreateTenantResponse';
import type { DeleteTenantRequest as _sieve_v1_DeleteTenantRequest, DeleteTenantRequest__Output as _sieve_v1_DeleteTenantRequest__Output } from '../../sieve/v1/DeleteTenantRequest';
import type { DeleteTenantResponse as _sieve_v1_DeleteTenantResponse, DeleteTenantResponse__Output as _sieve_v1_DeleteTenantResponse__Output } from '../../sieve/v1/DeleteTenantResponse';
import type { GetClusterStatusRequest as _sieve_v1_GetClusterStatusRequest, GetClusterStatusRequest__Output as _sieve_v1_GetClusterStatusRequest__Output } from '../../sieve/v1/GetClusterStatusRequest';
import type { GetClusterStatusResponse as _sieve_v1_GetClusterStatusResponse, GetClusterStatusResponse__Output as _sieve_v1_GetClusterStatusResponse__Output } from '../../sieve/v1/GetClusterStatusResponse';
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
  /**
   * Cancels a tenant's batch exactly as Batches.Cancel does for its owner: no further chunk is scheduled, results
   * already computed stay readable; an ended batch stays as it is.
   */
  CancelBatch(argument: _sieve_v1_AdminCancelBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminCancelBatchResponse__Output>): grpc.ClientUnaryCall;
  CancelBatch(argument: _sieve_v1_AdminCancelBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_AdminCancelBatchResponse__Output>): grpc.ClientUnaryCall;
  CancelBatch(argument: _sieve_v1_AdminCancelBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminCancelBatchResponse__Output>): grpc.ClientUnaryCall;
  CancelBatch(argument: _sieve_v1_AdminCancelBatchRequest, callback: grpc.requestCallback<_sieve_v1_AdminCancelBatchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Cancels a tenant's batch exactly as Batches.Cancel does for its owner: no further chunk is scheduled, results
   * already computed stay readable; an ended batch stays as it is.
   */
  cancelBatch(argument: _sieve_v1_AdminCancelBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminCancelBatchResponse__Output>): grpc.ClientUnaryCall;
  cancelBatch(argument: _sieve_v1_AdminCancelBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_AdminCancelBatchResponse__Output>): grpc.ClientUnaryCall;
  cancelBatch(argument: _sieve_v1_AdminCancelBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminCancelBatchResponse__Output>): grpc.ClientUnaryCall;
  cancelBatch(argument: _sieve_v1_AdminCancelBatchRequest, callback: grpc.requestCallback<_sieve_v1_AdminCancelBatchResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  /**
   * What the cluster serves now: each model version with its live workers and the texts pending on them by tenant
   * and priority class, the live gateways, and the answering gateway's own health.
   */
  GetClusterStatus(argument: _sieve_v1_GetClusterStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  GetClusterStatus(argument: _sieve_v1_GetClusterStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  GetClusterStatus(argument: _sieve_v1_GetClusterStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  GetClusterStatus(argument: _sieve_v1_GetClusterStatusRequest, callback: grpc.requestCallback<_sieve_v1_GetClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * What the cluster serves now: each model version with its live workers and the texts pending on them by tenant
   * and priority class, the live gateways, and the answering gateway's own health.
   */
  getClusterStatus(argument: _sieve_v1_GetClusterStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  getClusterStatus(argument: _sieve_v1_GetClusterStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_GetClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  getClusterStatus(argument: _sieve_v1_GetClusterStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_GetClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  getClusterStatus(argument: _sieve_v1_GetClusterStatusRequest, callback: grpc.requestCallback<_sieve_v1_GetClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  /**
   * Batch jobs of every tenant (or one), newest first: progress, state, times and ETA, never texts or results.
   */
  ListBatches(argument: _sieve_v1_AdminListBatchesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminListBatchesResponse__Output>): grpc.ClientUnaryCall;
  ListBatches(argument: _sieve_v1_AdminListBatchesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_AdminListBatchesResponse__Output>): grpc.ClientUnaryCall;
  ListBatches(argument: _sieve_v1_AdminListBatchesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminListBatchesResponse__Output>): grpc.ClientUnaryCall;
  ListBatches(argument: _sieve_v1_AdminListBatchesRequest, callback: grpc.requestCallback<_sieve_v1_AdminListBatchesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Batch jobs of every tenant (or one), newest first: progress, state, times and ETA, never texts or results.
   */
  listBatches(argument: _sieve_v1_AdminListBatchesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminListBatchesResponse__Output>): grpc.ClientUnaryCall;
  listBatches(argument: _sieve_v1_AdminListBatchesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_AdminListBatchesResponse__Output>): grpc.ClientUnaryCall;
  listBatches(argument: _sieve_v1_AdminListBatchesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminListBatchesResponse__Output>): grpc.ClientUnaryCall;
  listBatches(argument: _sieve_v1_AdminListBatchesRequest, callback: grpc.requestCallback<_sieve_v1_AdminListBatchesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * One tenant's heads, every version, newest first (as Heads.List answers the tenant itself).
   */
  ListHeads(argument: _sieve_v1_AdminListHeadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminListHeadsResponse__Output>): grpc.ClientUnaryCall;
  ListHeads(argument: _sieve_v1_AdminListHeadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_AdminListHeadsResponse__Output>): grpc.ClientUnaryCall;
  ListHeads(argument: _sieve_v1_AdminListHeadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminListHeadsResponse__Output>): grpc.ClientUnaryCall;
  ListHeads(argument: _sieve_v1_AdminListHeadsRequest, callback: grpc.requestCallback<_sieve_v1_AdminListHeadsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * One tenant's heads, every version, newest first (as Heads.List answers the tenant itself).
   */
  listHeads(argument: _sieve_v1_AdminListHeadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminListHeadsResponse__Output>): grpc.ClientUnaryCall;
  listHeads(argument: _sieve_v1_AdminListHeadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_sieve_v1_AdminListHeadsResponse__Output>): grpc.ClientUnaryCall;
  listHeads(argument: _sieve_v1_AdminListHeadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_sieve_v1_AdminListHeadsResponse__Output>): grpc.ClientUnaryCall;
  listHeads(argument: _sieve_v1_AdminListHeadsRequest, callback: grpc.requestCallback<_sieve_v1_AdminListHeadsResponse__Output>): grpc.ClientUnaryCall;
  
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
  /**
   * Cancels a tenant's batch exactly as Batches.Cancel does for its owner: no further chunk is scheduled, results
   * already computed stay readable; an ended batch stays as it is.
   */
  CancelBatch: grpc.handleUnaryCall<_sieve_v1_AdminCancelBatchRequest__Output, _sieve_v1_AdminCancelBatchResponse>;
  
  CreateTenant: grpc.handleUnaryCall<_sieve_v1_CreateTenantRequest__Output, _sieve_v1_CreateTenantResponse>;
  
  /**
   * Removes the tenant, revokes its keys and deletes all of its data (pending work, batch jobs, results, usage).
   */
  DeleteTenant: grpc.handleUnaryCall<_sieve_v1_DeleteTenantRequest__Output, _sieve_v1_DeleteTenantResponse>;
  
  /**
   * What the cluster serves now: each model version with its live workers and the texts pending on them by tenant
   * and priority class, the live gateways, and the answering gateway's own health.
   */
  GetClusterStatus: grpc.handleUnaryCall<_sieve_v1_GetClusterStatusRequest__Output, _sieve_v1_GetClusterStatusResponse>;
  
  GetTenant: grpc.handleUnaryCall<_sieve_v1_GetTenantRequest__Output, _sieve_v1_GetTenantResponse>;
  
  GetUsage: grpc.handleUnaryCall<_sieve_v1_GetUsageRequest__Output, _sieve_v1_GetUsageResponse>;
  
  /**
   * The secret is returned once, here; the server stores only its hash.
   */
  IssueKey: grpc.handleUnaryCall<_sieve_v1_IssueKeyRequest__Output, _sieve_v1_IssueKeyResponse>;
  
  /**
   * Batch jobs of every tenant (or one), newest first: progress, state, times and ETA, never texts or results.
   */
  ListBatches: grpc.handleUnaryCall<_sieve_v1_AdminListBatchesRequest__Output, _sieve_v1_AdminListBatchesResponse>;
  
  /**
   * One tenant's heads, every version, newest first (as Heads.List answers the tenant itself).
   */
  ListHeads: grpc.handleUnaryCall<_sieve_v1_AdminListHeadsRequest__Output, _sieve_v1_AdminListHeadsResponse>;
  
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
  CancelBatch: MethodDefinition<_sieve_v1_AdminCancelBatchRequest, _sieve_v1_AdminCancelBatchResponse, _sieve_v1_AdminCancelBatchRequest__Output, _sieve_v1_AdminCancelBatchResponse__Output>
  CreateTenant: MethodDefinition<_sieve_v1_CreateTenantRequest, _sieve_v1_CreateTenantResponse, _sieve_v1_CreateTenantRequest__Output, _sieve_v1_CreateTenantResponse__Output>
  DeleteTenant: MethodDefinition<_sieve_v1_DeleteTenantRequest, _sieve_v1_DeleteTenantResponse, _sieve_v1_DeleteTenantRequest__Output, _sieve_v1_DeleteTenantResponse__Output>
  GetClusterStatus: MethodDefinition<_sieve_v1_GetClusterStatusRequest, _sieve_v1_GetClusterStatusResponse, _sieve_v1_GetClusterStatusRequest__Output, _sieve_v1_GetClusterStatusResponse__Output>
  GetTenant: MethodDefinition<_sieve_v1_GetTenantRequest, _sieve_v1_GetTenantResponse, _sieve_v1_GetTenantRequest__Output, _sieve_v1_GetTenantResponse__Output>
  GetUsage: MethodDefinition<_sieve_v1_GetUsageRequest, _sieve_v1_GetUsageResponse, _sieve_v1_GetUsageRequest__Output, _sieve_v1_GetUsageResponse__Output>
  IssueKey: MethodDefinition<_sieve_v1_IssueKeyRequest, _sieve_v1_IssueKeyResponse, _sieve_v1_IssueKeyRequest__Output, _sieve_v1_IssueKeyResponse__Output>
  ListBatches: MethodDefinition<_sieve_v1_AdminListBatchesRequest, _sieve_v1_AdminListBatchesResponse, _sieve_v1_AdminListBatchesRequest__Output, _sieve_v1_AdminListBatchesResponse__Output>
  ListHeads: MethodDefinition<_sieve_v1_AdminListHeadsRequest, _sieve_v1_AdminListHeadsResponse, _sieve_v1_AdminListHeadsRequest__Output, _sieve_v1_AdminListHeadsResponse__Output>
  ListKeys: MethodDefinition<_sieve_v1_ListKeysRequest, _sieve_v1_ListKeysResponse, _sieve_v1_ListKeysRequest__Output, _sieve_v1_ListKeysResponse__Output>
  ListTenants: MethodDefinition<_sieve_v1_ListTenantsRequest, _sieve_v1_ListTenantsResponse, _sieve_v1_ListTenantsRequest__Output, _sieve_v1_ListTenantsResponse__Output>
  PurgeTenantData: MethodDefinition<_sieve_v1_PurgeTenantDataRequest, _sieve_v1_PurgeTenantDataResponse, _sieve_v1_PurgeTenantDataRequest__Output, _sieve_v1_PurgeTenantDataResponse__Output>
  RevokeKey: MethodDefinition<_sieve_v1_RevokeKeyRequest, _sieve_v1_RevokeKeyResponse, _sieve_v1_RevokeKeyRequest__Output, _sieve_v1_RevokeKeyResponse__Output>
  RotateKey: MethodDefinition<_sieve_v1_RotateKeyRequest, _sieve_v1_RotateKeyResponse, _sieve_v1_RotateKeyRequest__Output, _sieve_v1_RotateKeyResponse__Output>
  UpdateTenant: MethodDefinition<_sieve_v1_UpdateTenantRequest, _sieve_v1_UpdateTenantResponse, _sieve_v1_UpdateTenantRequest__Output, _sieve_v1_UpdateTenantResponse__Output>
}
