import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { AdminHandlers } from '@sieve/api';
import { AdminCredential } from './admin-credential.ts';
import { TenantAdmin, type TenantAdminDeps } from './tenant-admin.ts';
import { BatchAdmin, type BatchAdminDeps } from './batch-admin.ts';
import { HeadAdmin } from './head-admin.ts';
import type { GetClusterStatusResponseInit } from '@sieve/api';
import { apiErrorOf, grpcStatusOf, internalError } from '../edge/error-status.ts';

/**
 * The Admin API over the tenant store and usage ledger, behind the admin credential (never a tenant key). Only
 * present when tenants are configured; errors name the tenant or key at fault.
 */
export interface AdminServiceDeps extends TenantAdminDeps {
  adminToken: string;
  /** Batch jobs across tenants (listing and the operator's cancel). */
  batchAdmin: Omit<BatchAdminDeps, 'log'>;
  headStore: ConstructorParameters<typeof HeadAdmin>[0];
  /** GetClusterStatus: built from what the gateway holds already (see cluster-status.ts). */
  clusterStatus: () => GetClusterStatusResponseInit;
}

export function adminService(deps: AdminServiceDeps): AdminHandlers {
  // The gateway's edge checks it before a message is read; checked again here so that no handler runs without it.
  const credential = new AdminCredential(deps.adminToken);
  const unexpected = internalError(deps.log, 'admin call failed');
  const admin = new TenantAdmin(deps);
  const batches = new BatchAdmin({ ...deps.batchAdmin, log: deps.log });
  const heads = new HeadAdmin(deps.headStore);
  const handle =
    <Req, Res>(run: (request: Req) => Promise<Res>) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      (async () => {
        credential.check(call.metadata);
        return run(call.request);
      })().then(
        (response) => callback(null, response),
        (error: unknown) => callback(grpcStatusOf(apiErrorOf(error, unexpected))),
      );
    };

  return {
    CreateTenant: handle(admin.createTenant.bind(admin)),
    GetTenant: handle(admin.getTenant.bind(admin)),
    ListTenants: handle(admin.listTenants.bind(admin)),
    UpdateTenant: handle(admin.updateTenant.bind(admin)),
    DeleteTenant: handle(admin.deleteTenant.bind(admin)),
    PurgeTenantData: handle(admin.purgeTenantData.bind(admin)),
    IssueKey: handle(admin.issueKey.bind(admin)),
    RotateKey: handle(admin.rotateKey.bind(admin)),
    RevokeKey: handle(admin.revokeKey.bind(admin)),
    ListKeys: handle(admin.listKeys.bind(admin)),
    GetUsage: handle(admin.getUsage.bind(admin)),
    ListBatches: handle(batches.listBatches.bind(batches)),
    CancelBatch: handle(batches.cancelBatch.bind(batches)),
    ListHeads: handle(heads.listHeads.bind(heads)),
    GetClusterStatus: handle(async () => deps.clusterStatus()),
  } as unknown as AdminHandlers;
}
