// The console's only way to the cluster: the gateway's own HTTP/JSON routes on the same origin, with the admin
// token as a Bearer credential. Nothing else is fetched (the Content-Security-Policy's connect-src is 'self').

import { ConsoleApiError, refusalOf, type JsonRecord } from './api-refusal.ts';

export type { JsonRecord };
export { ConsoleApiError };
export { ROUTES } from './console-routes.ts';

export class ConsoleApi {
  constructor(private readonly token: string) {}

  get(path: string, query: Record<string, string | number | undefined> = {}): Promise<JsonRecord> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) params.set(name, String(value));
    const search = params.size > 0 ? `?${params}` : '';
    return this.call('GET', `${path}${search}`);
  }

  post(path: string, body: JsonRecord = {}): Promise<JsonRecord> {
    return this.call('POST', path, body);
  }

  private async call(method: string, path: string, body?: JsonRecord): Promise<JsonRecord> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ConsoleApiError('The gateway could not be reached (network error).', 0, undefined);
    }
    const text = await response.text();
    let json: JsonRecord = {};
    try {
      json = text === '' ? {} : (JSON.parse(text) as JsonRecord);
    } catch {
      // Not JSON (a proxy's error page): the status line says enough.
    }
    if (response.ok) return json;
    throw refusalOf(response.status, json);
  }
}
