/**
 * The HTTP/JSON routes of the sieve.v1 services, in google.api.http's style: each is one gRPC method, its request
 * built from the path's variables, the query and the JSON body, its answer the method's response in proto3 JSON. The
 * HTTP gateway serves them by calling the method on the gateway's own gRPC server, and /openapi.json is generated
 * from this table, so a route exists in one place.
 */
export interface RpcRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** `{name}` is one path segment, the request field of that name; `:verb` follows a variable as in AIP-136. */
  path: string;
  /** The gRPC method, "/package.Service/Method". */
  rpc: string;
  request: string;
  response: string;
  /**
   * unary: JSON body (POST) or query (GET/DELETE) in, one JSON object out. upload: a client stream fed from a JSON
   * lines body, its first line the `first` field's message, the next lines items gathered into `chunk.items`
   * messages. lines: a server stream written as JSON lines, one line per element of each message's `items`.
   */
  shape:
    | { kind: 'unary' }
    | { kind: 'upload'; first: string; chunk: string; items: string; item: string }
    | { kind: 'lines'; items: string; item: string };
  /**
   * tenant: an API key is checked before the body is read. admin: the admin token, checked the same way (a tenant
   * key is refused); absent where the gateway has no Admin API. public: anyone, like the gRPC method.
   */
  audience: 'tenant' | 'admin' | 'public';
  summary: string;
}

export const RPC_ROUTES: readonly RpcRoute[] = [
  {
    method: 'POST',
    path: '/v1/classify',
    rpc: '/sieve.v1.Inference/Classify',
    request: 'sieve.v1.ClassifyRequest',
    response: 'sieve.v1.ClassifyResponse',
    shape: { kind: 'unary' },
    audience: 'tenant',
    summary: 'Classifies every text with one model (Inference.Classify).',
  },
  {
    method: 'GET',
    path: '/v1/models',
    rpc: '/sieve.v1.Models/List',
    request: 'sieve.v1.ListModelsRequest',
    response: 'sieve.v1.ListModelsResponse',
    shape: { kind: 'unary' },
    audience: 'public',
    summary: 'The served models (Models.List).',
  },
  {
    method: 'GET',
    path: '/v1/models/{name}',
    rpc: '/sieve.v1.Models/Get',
    request: 'sieve.v1.GetModelRequest',
    response: 'sieve.v1.GetModelResponse',
    shape: { kind: 'unary' },
    audience: 'public',
    summary: 'One model: "name", "name@version" or "name@sha256:<hex>" (Models.Get).',
  },
  {
    method: 'POST',
    path: '/v1/batches',
    rpc: '/sieve.v1.Batches/Submit',
    request: 'sieve.v1.SubmitBatchRequest',
    response: 'sieve.v1.SubmitBatchResponse',
    shape: { kind: 'upload', first: 'spec', chunk: 'chunk', items: 'items', item: 'sieve.v1.BatchItem' },
    audience: 'tenant',
    summary:
      'Submits a batch job from JSON lines: a BatchSpec, then one BatchItem ({"id","text"}) per line (Batches.Submit).',
  },
  {
    method: 'GET',
    path: '/v1/batches',
    rpc: '/sieve.v1.Batches/List',
    request: 'sieve.v1.ListBatchesRequest',
    response: 'sieve.v1.ListBatchesResponse',
    shape: { kind: 'unary' },
    audience: 'tenant',
    summary: "The tenant's batches, newest first (Batches.List).",
  },
  {
    method: 'GET',
    path: '/v1/batches/{id}',
    rpc: '/sieve.v1.Batches/Get',
    request: 'sieve.v1.GetBatchRequest',
    response: 'sieve.v1.GetBatchResponse',
    shape: { kind: 'unary' },
    audience: 'tenant',
    summary: 'One batch (Batches.Get).',
  },
  {
    method: 'GET',
    path: '/v1/batches/{id}/results',
    rpc: '/sieve.v1.Batches/StreamResults',
    request: 'sieve.v1.StreamBatchResultsRequest',
    response: 'sieve.v1.StreamBatchResultsResponse',
    shape: { kind: 'lines', items: 'results', item: 'sieve.v1.BatchResult' },
    audience: 'tenant',
    summary:
      'Results in input order from ?offset, as JSON lines; ?follow=true waits for the rest (Batches.StreamResults).',
  },
  {
    method: 'POST',
    path: '/v1/batches/{id}:cancel',
    rpc: '/sieve.v1.Batches/Cancel',
    request: 'sieve.v1.CancelBatchRequest',
    response: 'sieve.v1.CancelBatchResponse',
    shape: { kind: 'unary' },
    audience: 'tenant',
    summary: 'Stops scheduling the rest of a batch (Batches.Cancel).',
  },
  {
    method: 'POST',
    path: '/v1/heads',
    rpc: '/sieve.v1.Heads/Train',
    request: 'sieve.v1.TrainHeadRequest',
    response: 'sieve.v1.TrainHeadResponse',
    shape: {
      kind: 'upload',
      first: 'spec',
      chunk: 'examples',
      items: 'examples',
      item: 'sieve.v1.TrainingExample',
    },
    audience: 'tenant',
    summary: 'Trains a head from JSON lines: a HeadSpec, then one {"text","label"} per line (Heads.Train).',
  },
  {
    method: 'GET',
    path: '/v1/heads',
    rpc: '/sieve.v1.Heads/List',
    request: 'sieve.v1.ListHeadsRequest',
    response: 'sieve.v1.ListHeadsResponse',
    shape: { kind: 'unary' },
    audience: 'tenant',
    summary: "The tenant's heads, ?baseModel to narrow (Heads.List).",
  },
  {
    method: 'GET',
    path: '/v1/heads/{model}',
    rpc: '/sieve.v1.Heads/Get',
    request: 'sieve.v1.GetHeadRequest',
    response: 'sieve.v1.GetHeadResponse',
    shape: { kind: 'unary' },
    audience: 'tenant',
    summary: 'One head: "base+name" or "base+name@version" (Heads.Get).',
  },
  {
    method: 'DELETE',
    path: '/v1/heads/{model}',
    rpc: '/sieve.v1.Heads/Delete',
    request: 'sieve.v1.DeleteHeadRequest',
    response: 'sieve.v1.DeleteHeadResponse',
    shape: { kind: 'unary' },
    audience: 'tenant',
    summary: 'Deletes a head version, or every version (Heads.Delete).',
  },
  {
    method: 'GET',
    path: '/v1/admin/tenants',
    rpc: '/sieve.v1.Admin/ListTenants',
    request: 'sieve.v1.ListTenantsRequest',
    response: 'sieve.v1.ListTenantsResponse',
    shape: { kind: 'unary' },
    audience: 'admin',
    summary:
      'Tenants in id order: limits, weight, priority, state; ?pageSize, ?pageToken (Admin.ListTenants).',
  },
  {
    method: 'GET',
    path: '/v1/admin/tenants/{id}',
    rpc: '/sieve.v1.Admin/GetTenant',
    request: 'sieve.v1.GetTenantRequest',
    response: 'sieve.v1.GetTenantResponse',
    shape: { kind: 'unary' },
    audience: 'admin',
    summary: 'One tenant (Admin.GetTenant).',
  },
  {
    method: 'GET',
    path: '/v1/admin/tenants/{tenantId}/usage',
    rpc: '/sieve.v1.Admin/GetUsage',
    request: 'sieve.v1.GetUsageRequest',
    response: 'sieve.v1.GetUsageResponse',
    shape: { kind: 'unary' },
    audience: 'admin',
    summary:
      "A tenant's usage by hour or day: requests, texts, tokens, rejections by reason; ?startTime, ?endTime, ?granularity, ?model (Admin.GetUsage).",
  },
  {
    method: 'GET',
    path: '/v1/admin/tenants/{tenantId}/heads',
    rpc: '/sieve.v1.Admin/ListHeads',
    request: 'sieve.v1.AdminListHeadsRequest',
    response: 'sieve.v1.AdminListHeadsResponse',
    shape: { kind: 'unary' },
    audience: 'admin',
    summary: "A tenant's heads, ?baseModel to narrow (Admin.ListHeads).",
  },
  {
    method: 'GET',
    path: '/v1/admin/batches',
    rpc: '/sieve.v1.Admin/ListBatches',
    request: 'sieve.v1.AdminListBatchesRequest',
    response: 'sieve.v1.AdminListBatchesResponse',
    shape: { kind: 'unary' },
    audience: 'admin',
    summary:
      'Batch jobs of every tenant, newest first; ?tenantId, ?state, ?model, ?pageSize, ?pageToken (Admin.ListBatches).',
  },
  {
    method: 'POST',
    path: '/v1/admin/tenants/{tenantId}/batches/{batchId}:cancel',
    rpc: '/sieve.v1.Admin/CancelBatch',
    request: 'sieve.v1.AdminCancelBatchRequest',
    response: 'sieve.v1.AdminCancelBatchResponse',
    shape: { kind: 'unary' },
    audience: 'admin',
    summary: "Cancels a tenant's batch as its owner's Batches.Cancel would (Admin.CancelBatch).",
  },
  {
    method: 'GET',
    path: '/v1/admin/cluster',
    rpc: '/sieve.v1.Admin/GetClusterStatus',
    request: 'sieve.v1.GetClusterStatusRequest',
    response: 'sieve.v1.GetClusterStatusResponse',
    shape: { kind: 'unary' },
    audience: 'admin',
    summary:
      'Models and versions with their live workers, pending texts by tenant and priority, queued jobs; the gateway (Admin.GetClusterStatus).',
  },
];

/** The route a request names, with its path variables (URL-decoded); undefined when none matches. */
export function matchRoute(
  routes: readonly RpcRoute[],
  method: string,
  pathname: string,
): { route: RpcRoute; variables: Record<string, string> } | undefined {
  const segments = pathname.split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const template = route.path.split('/');
    if (template.length !== segments.length) continue;
    const variables: Record<string, string> = {};
    const matched = template.every((part, i) => {
      const segment = segments[i]!;
      const variable = /^\{(\w+)\}(:\w+)?$/.exec(part);
      if (!variable) return part === segment;
      const verb = variable[2] ?? '';
      if (!segment.endsWith(verb) || segment.length === verb.length) return false;
      try {
        variables[variable[1]!] = decodeURIComponent(segment.slice(0, segment.length - verb.length));
      } catch {
        return false;
      }
      return true;
    });
    if (matched) return { route, variables };
  }
  return undefined;
}
