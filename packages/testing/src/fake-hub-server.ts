import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRepoFile {
  content: Buffer;
  /** LFS files are answered with a redirect to /cdn/ carrying x-linked-etag and x-linked-size, like the hub. */
  lfs: boolean;
  /** Announce this x-linked-etag instead of the content's sha256, to play a corrupting proxy. */
  linkedEtag?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  range: string | undefined;
  authorization: string | undefined;
}

export const FAKE_REPO = 'Xenova/distilbert-base-multilingual-cased-sentiments-student';
export const FAKE_COMMIT = '1eedc58f0c9a4b1d2e3f405162738495a6b7c8d9';

/** A few hundred KB per graph: enough to span many chunks, small enough for a fast test. */
export function fakeModelFiles(): Record<string, FakeRepoFile> {
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  return {
    'config.json': {
      lfs: false,
      content: json({
        model_type: 'distilbert',
        id2label: { '0': 'positive', '1': 'neutral', '2': 'negative' },
        max_position_embeddings: 512,
      }),
    },
    'tokenizer.json': {
      lfs: false,
      content: json({ version: '1.0', model: { type: 'WordPiece', vocab: {} } }),
    },
    'tokenizer_config.json': { lfs: false, content: json({ model_max_length: 512 }) },
    'special_tokens_map.json': { lfs: false, content: json({ cls_token: '[CLS]', sep_token: '[SEP]' }) },
    'onnx/model.onnx': { lfs: true, content: randomBytes(384 * 1024) },
    'onnx/model_quantized.onnx': { lfs: true, content: randomBytes(128 * 1024) },
    // Current transformers.js exports ship an fp16 graph; tinyModelRepository({ fp16: false }) plays one without.
    'onnx/model_fp16.onnx': { lfs: true, content: randomBytes(192 * 1024) },
  };
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * A loopback stand-in for the Hugging Face Hub's file layout: `/{repo}/resolve/{revision}/{path}` with
 * x-repo-commit, LFS files redirected to `/cdn/...`, Range requests, an optional required token, and switches to
 * break a transfer or hang.
 */
export class FakeHub {
  readonly requests: RecordedRequest[] = [];
  readonly files: Map<string, FakeRepoFile>;
  repo = FAKE_REPO;
  commit = FAKE_COMMIT;
  /** When set, requests without `Authorization: Bearer <token>` get 401. */
  token: string | undefined;
  /** path -> bytes to send before the next body of that file is cut off. */
  readonly dropAfter = new Map<string, number>();
  /** Accept requests and never answer. */
  hang = false;
  /** Answer Range requests with the whole file (200), as some proxies do. */
  ignoreRange = false;
  readonly #server: Server;

  private constructor(server: Server, files: Record<string, FakeRepoFile>) {
    this.#server = server;
    this.files = new Map(Object.entries(files));
  }

  static async start(files: Record<string, FakeRepoFile> = fakeModelFiles()): Promise<FakeHub> {
    const server = createServer();
    const hub = new FakeHub(server, files);
    server.on('request', (request: IncomingMessage, response: ServerResponse) =>
      hub.handle(request, response),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return hub;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  requestsFor(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.endsWith(`/${path}`));
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname);
    this.requests.push({
      method: request.method ?? 'GET',
      path,
      range: request.headers.range,
      authorization: request.headers.authorization,
    });
    if (this.hang) return;
    const cdn = /^\/cdn\/[0-9a-f]{64}\/(.+)$/.exec(path);
    if (cdn) return this.serveContent(request, response, cdn[1]!, {});
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!resolve) return end(response, 404, {});
    const [, repo, revision, filePath] = resolve.map((part) => decodeURIComponent(part ?? ''));
    if (this.token && request.headers.authorization !== `Bearer ${this.token}`) {
      return end(response, 401, { 'x-error-message': 'Invalid credentials' });
    }
    if (repo !== this.repo) return end(response, 401, { 'x-error-code': 'RepoNotFound' });
    if (revision !== 'main' && revision !== this.commit)
      return end(response, 404, { 'x-error-code': 'RevisionNotFound' });
    const file = this.files.get(filePath!);
    const hubHeaders: Record<string, string> = { 'x-repo-commit': this.commit };
    if (!file) return end(response, 404, { ...hubHeaders, 'x-error-code': 'EntryNotFound' });
    if (!file.lfs) return this.serveContent(request, response, filePath!, hubHeaders);
    const digest = sha256(file.content);
    end(response, 302, {
      ...hubHeaders,
      location: `/cdn/${digest}/${filePath}`,
      etag: `"${digest}"`,
      'x-linked-etag': `"${file.linkedEtag ?? digest}"`,
      'x-linked-size': String(file.content.length),
    });
  }

  private serveContent(
    request: IncomingMessage,
    response: ServerResponse,
    filePath: string,
    headers: Record<string, string>,
  ): void {
    const file = this.files.get(filePath);
    if (!file) return end(response, 404, headers);
    const { content } = file;
    const range = this.ignoreRange ? null : /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= content.length && range) {
      return end(response, 416, { ...headers, 'content-range': `bytes */${content.length}` });
    }
    const body = content.subarray(start);
    response.writeHead(range ? 206 : 200, {
      ...headers,
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
      ...(range ? { 'content-range': `bytes ${start}-${content.length - 1}/${content.length}` } : {}),
    });
    if (request.method === 'HEAD') return void response.end();
    const dropAfter = this.dropAfter.get(filePath);
    if (dropAfter !== undefined) {
      this.dropAfter.delete(filePath);
      response.write(body.subarray(0, dropAfter), () => response.destroy());
      return;
    }
    response.end(body);
  }
}

function end(response: ServerResponse, status: number, headers: Record<string, string>): void {
  response.writeHead(status, headers);
  response.end();
}
