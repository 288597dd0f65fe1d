// Paths of the gateway's HTTP/JSON routes the console calls (services/gateway/src/http/route-table.ts: the
// admin audience, and the public Models ones). Ids are escaped: a tenant id is data, not a path.

export const ROUTES = {
  models: '/v1/models',
  tenants: '/v1/admin/tenants',
  usage: (tenantId: string) => `/v1/admin/tenants/${encodeURIComponent(tenantId)}/usage`,
  batches: '/v1/admin/batches',
  cancelBatch: (tenantId: string, batchId: string) =>
    `/v1/admin/tenants/${encodeURIComponent(tenantId)}/batches/${encodeURIComponent(batchId)}:cancel`,
  clusterStatus: '/v1/admin/cluster',
  heads: (tenantId: string) => `/v1/admin/tenants/${encodeURIComponent(tenantId)}/heads`,
  health: '/health',
} as const;
