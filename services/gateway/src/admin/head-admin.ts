import { ApiError, type AdminListHeadsRequest, type AdminListHeadsResponseInit } from '@sieve/api';
import type { HeadStore } from '@sieve/heads';
import { TENANT_ID_PATTERN } from '@sieve/tenancy';
import { headMessage } from '../heads/head-messages.ts';

/** Versions one answer holds at most (a tenant's heads are read whole from one hash; the answer is what is bounded). */
export const MAX_LISTED_HEADS = 1000;

/**
 * Admin.ListHeads: one tenant's heads as Heads.List shows them to the tenant. One tenant per call: heads are kept
 * per tenant, so a listing across tenants would read every tenant's hash; the console asks tenant by tenant.
 */
export class HeadAdmin {
  constructor(private readonly heads: Pick<HeadStore, 'list'>) {}

  async listHeads(request: AdminListHeadsRequest): Promise<AdminListHeadsResponseInit> {
    if (!TENANT_ID_PATTERN.test(request.tenantId)) {
      throw ApiError.invalidArgument([
        {
          field: 'tenant_id',
          description: request.tenantId
            ? 'must be lowercase letters, digits and "-", 1 to 63 characters'
            : 'required',
        },
      ]);
    }
    const records = await this.heads.list(request.tenantId, request.baseModel || undefined);
    return {
      heads: records.slice(0, MAX_LISTED_HEADS).map(headMessage),
      truncated: records.length > MAX_LISTED_HEADS,
    };
  }
}
