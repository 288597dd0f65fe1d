import { HubResponseError } from './hub-response-error.ts';
import { HubUnreachableError } from './hub-unreachable-error.ts';
import { describeNetworkFailure } from './network-failure.ts';

export interface HubFileLocation {
  repo: string;
  /** Branch, tag or full commit id. */
  revision: string;
  /** '/'-separated path inside the repository. */
  path: string;
}

/** What the hub says about a file, gathered across its redirect to the CDN. */
export interface HubFileHeaders {
  /** `x-repo-commit`: the full commit id the revision resolved to. */
  commit: string | undefined;
  /** `x-linked-etag` of an LFS file: the sha256 of its content. */
  sha256: string | undefined;
  /** `x-linked-size` of an LFS file. */
  size: number | undefined;
}

export interface HubFileBody {
  headers: HubFileHeaders;
  /** 206 when the server honoured the Range request, 200 when it sends the whole file. */
  status: 200 | 206;
  /** Offset of the first body byte in the file. */
  offset: number;
  /** Size of the whole file, when the response tells it. */
  totalBytes: number | undefined;
  /** Chunks of the body; throws the underlying network error if the connection breaks or goes idle. */
  chunks: AsyncIterable<Uint8Array>;
  /** Releases the connection when the body is not wanted. */
  cancel(): Promise<void>;
}

export interface HubClientOptions {
  endpoint: string;
  token?: string | undefined;
  /** Bound on connecting and waiting for headers, and on silence while a body streams. */
  timeoutMs: number;
}

const MAX_REDIRECTS = 5;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** HTTP access to `{endpoint}/{repo}/resolve/{revision}/{path}`, the layout the hub and its mirrors serve. */
export class HubClient {
  readonly endpoint: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: HubClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs;
  }

  get authenticated(): boolean {
    return this.#token !== undefined;
  }

  fileUrl({ repo, revision, path }: HubFileLocation): string {
    const encodedPath = path.split('/').map(encodeURIComponent).join('/');
    return `${this.endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
  }

  /**
   * The hub's headers for a file without its body. The hub answers HEAD on an LFS file with a redirect that
   * already carries them, so the CDN is not asked.
   */
  async head(location: HubFileLocation): Promise<HubFileHeaders> {
    const controller = new AbortController();
    const timer = this.#armTimeout(controller);
    try {
      const { response, headers } = await this.#request(location, 'HEAD', undefined, controller);
      await response.body?.cancel();
      return headers;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The hub's resolution of a branch or tag to the full commit id it currently points at. */
  async resolveCommit(repo: string, revision: string, probePath: string): Promise<string> {
    const headers = await this.head({ repo, revision, path: probePath });
    if (headers.commit) return headers.commit;
    if (/^[0-9a-f]{40}$/.test(revision)) return revision;
    throw new HubResponseError({
      status: 200,
      repo,
      revision,
      file: probePath,
      errorCode: 'MissingRepoCommit',
      withToken: this.authenticated,
    });
  }

  /**
   * GET a file from `offset` on. Returns undefined when the server says the range is not satisfiable (the partial
   * file is as long as the file or longer).
   */
  async get(location: HubFileLocation, offset: number): Promise<HubFileBody | undefined> {
    const controller = new AbortController();
    const headersTimer = this.#armTimeout(controller);
    let result: { response: Response; headers: HubFileHeaders };
    try {
      result = await this.#request(location, 'GET', offset > 0 ? offset : undefined, controller);
    } finally {
      clearTimeout(headersTimer);
    }
    const { response, headers } = result;
    if (response.status === 416) {
      await response.body?.cancel();
      return undefined;
    }
    const status = response.status === 206 ? 206 : 200;
    const range = status === 206 ? parseContentRange(response.headers.get('content-range')) : undefined;
    const contentLength = parseSize(response.headers.get('content-length'));
    const totalBytes = range?.total ?? headers.size ?? (status === 200 ? contentLength : undefined);
    return {
      headers,
      status,
      offset: range?.start ?? 0,
      totalBytes,
      chunks: this.#readBody(response, controller),
      cancel: async () => {
        controller.abort(new Error('download cancelled'));
        await response.body?.cancel().catch(() => {});
      },
    };
  }

  #armTimeout(controller: AbortController): NodeJS.Timeout {
    return setTimeout(
      () => controller.abort(new Error(`no response within ${formatSeconds(this.#timeoutMs)}`)),
      this.#timeoutMs,
    );
  }

  async *#readBody(response: Response, controller: AbortController): AsyncGenerator<Uint8Array> {
    if (!response.body) return;
    const reader = response.body.getReader();
    let idle: NodeJS.Timeout | undefined;
    let finished = false;
    try {
      for (;;) {
        idle = setTimeout(
          () => controller.abort(new Error(`no data for ${formatSeconds(this.#timeoutMs)}`)),
          this.#timeoutMs,
        );
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw controller.signal.aborted ? controller.signal.reason : error;
        } finally {
          clearTimeout(idle);
        }
        if (chunk.done) {
          finished = true;
          return;
        }
        yield chunk.value;
      }
    } finally {
      clearTimeout(idle);
      if (!finished) {
        controller.abort(new Error('download stopped'));
        await reader.cancel().catch(() => {});
      }
    }
  }

  /** Follows redirects by hand, because the hub's checksum headers are on the redirect, not on the CDN's answer. */
  async #request(
    location: HubFileLocation,
    method: 'GET' | 'HEAD',
    rangeStart: number | undefined,
    controller: AbortController,
  ): Promise<{ response: Response; headers: HubFileHeaders }> {
    const collected: HubFileHeaders = { commit: undefined, sha256: undefined, size: undefined };
    const hubOrigin = new URL(this.endpoint).origin;
    let url = this.fileUrl(location);
    for (let redirects = 0; ; redirects += 1) {
      const headers: Record<string, string> = {
        'accept-encoding': 'identity',
        'user-agent': 'sieve-hub/0.1',
      };
      // Like browsers and the Hugging Face clients: the token is for the hub, never for the CDN it redirects to.
      if (this.#token && new URL(url).origin === hubOrigin) headers.authorization = `Bearer ${this.#token}`;
      if (rangeStart !== undefined) headers.range = `bytes=${rangeStart}-`;
      let response: Response;
      try {
        response = await fetch(url, { method, headers, redirect: 'manual', signal: controller.signal });
      } catch (error) {
        const cause = controller.signal.aborted ? controller.signal.reason : error;
        const host = new URL(url).origin;
        const reason = describeNetworkFailure(cause) + (host === hubOrigin ? '' : ` from ${host}`);
        throw new HubUnreachableError(this.endpoint, reason, { cause });
      }
      collectHubHeaders(collected, response.headers);
      const redirectTo = response.headers.get('location');
      const isRedirect = response.status >= 300 && response.status < 400 && redirectTo !== null;
      const hubAnswered = method === 'HEAD' && response.headers.has('x-repo-commit');
      if (isRedirect && !hubAnswered) {
        await response.body?.cancel();
        if (redirects >= MAX_REDIRECTS) {
          throw this.#responseError(location, response, 'TooManyRedirects');
        }
        url = new URL(redirectTo, url).toString();
        continue;
      }
      if (response.ok || response.status === 416 || isRedirect) return { response, headers: collected };
      await response.body?.cancel();
      throw this.#responseError(location, response);
    }
  }

  #responseError(location: HubFileLocation, response: Response, errorCode?: string): HubResponseError {
    return new HubResponseError({
      status: response.status,
      repo: location.repo,
      revision: location.revision,
      file: location.path,
      errorCode: errorCode ?? response.headers.get('x-error-code') ?? undefined,
      withToken: this.authenticated,
    });
  }
}

function collectHubHeaders(collected: HubFileHeaders, headers: Headers): void {
  collected.commit ??= headers.get('x-repo-commit')?.trim().toLowerCase() || undefined;
  const linkedEtag = headers.get('x-linked-etag')?.replace(/^W\//, '').replace(/"/g, '').trim().toLowerCase();
  if (linkedEtag && SHA256_HEX.test(linkedEtag)) collected.sha256 ??= linkedEtag;
  collected.size ??= parseSize(headers.get('x-linked-size'));
}

function parseSize(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

function parseContentRange(value: string | null): { start: number; total: number | undefined } | undefined {
  const match = value && /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value.trim());
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) };
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
