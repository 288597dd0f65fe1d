import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { AdminHandlers } from '@sieve/api';
import { AdminCredential } from './admin-credential.ts';
import { TenantAdmin, type TenantAdminDeps } from './tenant-admin.ts';
import { apiErrorOf, grpcStatusOf, internalError } from '../edge/error-status.ts';

/**
 * The Admin API over the tenant store and usage ledger, behind the admin credential (never a tenant key). Only
 * present when tenants are configured; errors name the tenant or key at fault.
 */
export function adminService(deps: TenantAdminDeps & { adminToken: string }): AdminHandlers {
  // The gateway's edge checks it before a message is read; checked again here so that no handler runs without it.
  const credential = new AdminCredential(deps.adminToken);
  const unexpected = internalError(deps.log, 'admin call failed');
  const admin = new TenantAdmin(deps);
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
  } as unknown as AdminHandlers;
}
