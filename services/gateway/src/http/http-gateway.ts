import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ApiError } from '@sieve/api';
import type { Logger } from 'pino';
import { apiErrorOf, httpErrorBodyOf, internalError, retryAfterSecondsOf } from '../edge/error-status.ts';
import type { TenantGate } from '../edge/tenant-gate.ts';
import type { AdminCredential } from '../admin/admin-credential.ts';
import { ConsoleAssets } from './console-assets.ts';
import { apiErrorOfStatus, type GrpcLoopback } from './grpc-loopback.ts';
import { surfaceRoutes, type HttpSurface, type SurfaceRoutes } from './http-surface.ts';
import { openApiDocument } from './openapi-document.ts';
import type { Json, JsonObject, ProtoJson } from './proto-json.ts';
import { matchRoute, RPC_ROUTES, type RpcRoute } from './route-table.ts';
import {
  teiErrorOf,
  teiInfoOf,
  teiPredictionsOf,
  teiPredictOf,
  teiUnavailable,
  type TeiError,
} from './tei-compat.ts';

/** Headers a request may carry at most: the gRPC side's own bound on metadata is about this. */
const MAX_HEADER_BYTES = 16 << 10;
/** The whole header block must arrive within this: a client that trickles headers holds a socket for no longer. */
const HEADERS_TIMEOUT_MS = 10_000;
/** Headers handed on as the gRPC call's metadata: the credential, trace context. Nothing else crosses. */
const FORWARDED_HEADERS = ['authorization', 'x-api-key', 'traceparent', 'tracestate'];
const JSON_TYPE = 'application/json';
const LINES_TYPE = 'application/x-ndjson';

export interface HttpGatewayOptions {
  /** host:port */
  address: string;
  grpc: GrpcLoopback;
  gate: TenantGate;
  /** The Admin API's credential; unset where the gateway has no Admin API (its routes are then 404). */
  admin?: AdminCredential | undefined;
  json: ProtoJson;
  /** The gRPC server's largest message: the largest JSON body, and the longest line of an upload. */
  maxBodyBytes: number;
  /** A body that sends nothing for this long is refused (408). */
  bodyIdleMs: number;
  /** Items per upload message (Batches.Submit chunks, Heads.Train examples). */
  itemsPerMessage: number;
  tei: { model?: string | undefined; maxConcurrentRequests: number; maxClientBatchSize: number };
  version: string;
  log: Logger;
  /** The operators' console at /console/ (SIEVE_CONSOLE_ENABLED); unset: those paths are 404 like any other. */
  console?: ConsoleAssets | undefined;
  /** Which routes this listener answers (HttpSurface); unset: all of them. */
  surface?: HttpSurface | undefined;
  /** Names the listener in errors: SIEVE_HTTP_ADDRESS unless told. */
  addressVariable?: string | undefined;
}

/** A refusal of the HTTP layer's own (a body too large or too slow), with the HTTP status it has there. */
class HttpRefusal extends Error {
  constructor(
    readonly httpStatus: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

const tooLarge = (limit: number, what: string) =>
  new HttpRefusal(
    413,
    ApiError.invalidArgument([{ field: 'body', description: `${what} is larger than ${limit} bytes` }]),
  );

/**
 * HTTP/JSON beside gRPC: the sieve.v1 routes of the route table, TEI's /predict, /info and /health, and
 * /openapi.json. Each route calls the gRPC method on the gateway's own server (GrpcLoopback), so authentication,
 * quotas, validation, the response cache, metrics and the drain are the gRPC ones, run once; this layer only maps
 * JSON to messages, statuses to HTTP and bounds what a caller can make it hold: headers (size, time), the key checked
 * before any body byte is read, bodies at the gRPC message limit, a body that stalls refused. One listener serves
 * every route, or two split them (`surface`): the tenants' and the admin plane's, each on a port of its own.
 */
export class HttpGateway {
  private readonly sockets = new Set<Socket>();
  private readonly unexpected: ReturnType<typeof internalError>;
  private readonly openapi: Json;
  private readonly routes: SurfaceRoutes;

  private constructor(
    private readonly server: Server,
    private readonly options: HttpGatewayOptions,
    readonly port: number,
  ) {
    this.unexpected = internalError(options.log, 'HTTP request failed unexpectedly');
    this.routes = surfaceRoutes(options.surface ?? 'all', RPC_ROUTES);
    // This listener's own document: what it answers, nothing another listener serves.
    this.openapi = openApiDocument(this.routes.rpc, options.json, options.version, this.routes.tei);
  }

  static async listen(options: HttpGatewayOptions): Promise<HttpGateway> {
    const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 0 });
    server.headersTimeout = HEADERS_TIMEOUT_MS;
    const match = /^(.*):(\d+)$/.exec(options.address);
    if (!match) {
      throw new Error(
        `${options.addressVariable ?? 'SIEVE_HTTP_ADDRESS'} ${options.address}: must be host:port`,
      );
    }
    const host = match[1]!.replace(/^\[|\]$/g, '');
    server.listen(Number(match[2]), host);
    await once(server, 'listening');
    const address = server.address();
    const gateway = new HttpGateway(
      server,
      options,
      typeof address === 'object' && address ? address.port : 0,
    );
    server.on('connection', (socket) => {
      gateway.sockets.add(socket);
      socket.on('close', () => gateway.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      gateway.handle(req, res).catch((error: unknown) => gateway.fail(res, error));
    });
    return gateway;
  }

  /** Admits nothing new: the listener closes and idle keep-alive connections go; requests in flight go on. */
  beginDrain(): void {
    this.server.close();
    this.server.closeIdleConnections();
  }

  /** Ends what is still open (the gRPC drain has answered or ended every call by now). */
  async close(): Promise<void> {
    this.beginDrain();
    for (const socket of this.sockets) socket.destroy();
    this.options.grpc.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const method = req.method ?? 'GET';
    const { tei } = this.routes;
    if (this.options.console && this.routes.console && ConsoleAssets.owns(url.pathname)) {
      const answer = this.options.console.answer(method, url.pathname, req.headers['if-none-match']);
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    if (method === 'GET' && url.pathname === '/openapi.json') return this.sendJson(res, 200, this.openapi);
    if (url.pathname === '/predict' && method === 'POST' && tei.has('/predict'))
      return this.teiAnswer(res, () => this.predict(req, res));
    if (url.pathname === '/info' && method === 'GET' && tei.has('/info'))
      return this.teiAnswer(res, () => this.info(res));
    if (url.pathname === '/health' && method === 'GET' && tei.has('/health'))
      return this.teiAnswer(res, () => this.health(res));
    const matched = matchRoute(this.routes.rpc, method, url.pathname);
    if (!matched) {
      throw new HttpRefusal(404, new ApiError(status.NOT_FOUND, `no route ${method} ${url.pathname}`));
    }
    const { route, variables } = matched;
    const metadata = metadataOf(req);
    // The key before the body: a stranger's body is never read (the connection closes after the refusal).
    if (route.audience === 'tenant') await this.options.gate.authenticate(metadata);
    if (route.audience === 'admin') {
      if (!this.options.admin) {
        throw new HttpRefusal(404, new ApiError(status.NOT_FOUND, `no route ${method} ${url.pathname}`));
      }
      // As the gRPC edge does for the Admin service: the admin token, never a tenant key, before the body.
      this.options.admin.check(metadata);
    }
    switch (route.shape.kind) {
      case 'unary':
        return this.unary(req, res, route, variables, url, metadata);
      case 'lines':
        return this.lines(
          res,
          route,
          { ...this.queryOf(route, url), ...variables },
          metadata,
          route.shape.items,
        );
      case 'upload':
        return this.upload(req, res, route, route.shape, metadata);
    }
  }

  private async unary(
    req: IncomingMessage,
    res: ServerResponse,
    route: RpcRoute,
    variables: Record<string, string>,
    url: URL,
    metadata: Metadata,
  ): Promise<void> {
    const body = route.method === 'POST' ? await this.jsonBody(req, 'body') : {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ApiError.invalidArgument([{ field: 'body', description: 'must be a JSON object' }]);
    }
    const request = { ...this.queryOf(route, url), ...body, ...variables };
    const answer = await this.call(route.rpc, route.request, route.response, request, metadata, res);
    this.sendJson(res, 200, answer);
  }

  /** One unary gRPC call with JSON on both sides; the response's headers (quota remaining) become HTTP headers. */
  private async call(
    rpc: string,
    requestType: string,
    responseType: string,
    request: unknown,
    metadata: Metadata,
    res: ServerResponse,
  ): Promise<JsonObject> {
    const { json, grpc } = this.options;
    const bytes = json.encode(json.type(requestType), request);
    const abort = new AbortController();
    const onClose = () => abort.abort();
    res.on('close', onClose);
    try {
      const answer = await grpc.unary(
        rpc,
        bytes,
        metadata,
        (headers) => copyHeaders(headers, res),
        abort.signal,
      );
      return json.decode(json.type(responseType), answer);
    } finally {
      res.off('close', onClose);
    }
  }

  /** A server stream as JSON lines: one line per element of each message's `items`, written as they arrive. */
  private async lines(
    res: ServerResponse,
    route: RpcRoute,
    request: JsonObject,
    metadata: Metadata,
    items: string,
  ): Promise<void> {
    const { json, grpc } = this.options;
    const responseType = json.type(route.response);
    const call = grpc.serverStream(route.rpc, json.encode(json.type(route.request), request), metadata);
    const start = () => {
      if (!res.headersSent) res.writeHead(200, { 'content-type': LINES_TYPE });
    };
    call.on('metadata', (headers: Metadata) => copyHeaders(headers, res));
    res.on('close', () => {
      if (!res.writableFinished) call.cancel();
    });
    await new Promise<void>((resolve) => {
      call.on('data', (bytes: Buffer) => {
        start();
        const message = json.decode(responseType, bytes);
        let text = '';
        for (const item of (message[items] as Json[] | undefined) ?? []) text += `${JSON.stringify(item)}\n`;
        if (!res.write(text)) {
          call.pause();
          res.once('drain', () => call.resume());
        }
      });
      call.on('end', () => {
        start();
        res.end();
        resolve();
      });
      call.on('error', (error: ServiceError) => {
        resolve();
        if (res.destroyed) return;
        const apiError = apiErrorOfStatus(error);
        // Before the first line the status is the answer's; after it, the stream ends with the error as a line.
        if (!res.headersSent) this.sendError(res, apiError);
        else res.end(`${JSON.stringify(httpErrorBodyOf(apiError))}\n`);
      });
    });
  }

  /** A client stream fed from JSON lines: the first line is its first message's `first` field, the rest items. */
  private async upload(
    req: IncomingMessage,
    res: ServerResponse,
    route: RpcRoute,
    shape: Extract<RpcRoute['shape'], { kind: 'upload' }>,
    metadata: Metadata,
  ): Promise<void> {
    const { json, grpc, itemsPerMessage } = this.options;
    const requestType = json.type(route.request);
    const itemType = json.type(shape.item);
    const { call, answer } = grpc.clientStream(route.rpc, metadata, (headers) => copyHeaders(headers, res));
    const failed = new AbortController();
    answer.catch(() => failed.abort());
    const send = async (message: unknown) => {
      if (!call.write(json.encode(requestType, message)))
        await once(call, 'drain', { signal: failed.signal });
    };
    let items: Json[] = [];
    let lineNumber = 0;
    try {
      for await (const line of this.bodyLines(req)) {
        lineNumber += 1;
        if (failed.signal.aborted) break;
        if (line.trim() === '') continue;
        const value = parseJson(line, `line ${lineNumber}`);
        if (lineNumber === 1) {
          await send({ [shape.first]: value });
          continue;
        }
        // Each item is checked alone, so that a refusal names its line.
        try {
          json.encode(itemType, value);
        } catch (error) {
          throw error instanceof ApiError ? linedError(error, lineNumber) : error;
        }
        items.push(value);
        if (items.length >= itemsPerMessage) {
          await send({ [shape.chunk]: { [shape.items]: items } });
          items = [];
        }
      }
      if (lineNumber === 0) {
        throw ApiError.invalidArgument([
          { field: 'body', description: `the first line must be the ${shape.first}` },
        ]);
      }
      if (items.length > 0 && !failed.signal.aborted) await send({ [shape.chunk]: { [shape.items]: items } });
      call.end();
    } catch (error) {
      // The upload went wrong on this side: the stream is cancelled, so nothing is created.
      if (!failed.signal.aborted) {
        call.cancel();
        answer.catch(() => undefined);
        throw error;
      }
    }
    const bytes = await answer;
    this.sendJson(res, 200, json.decode(json.type(route.response), bytes));
  }

  private async predict(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const metadata = metadataOf(req);
    await this.options.gate.authenticate(metadata);
    const body = await this.jsonBody(req, 'body');
    const predict = teiPredictOf(body);
    if ('status' in predict) return this.sendTei(res, predict);
    const model = await this.teiModel(metadata, res);
    const answer = await this.call(
      '/sieve.v1.Inference/Classify',
      'sieve.v1.ClassifyRequest',
      'sieve.v1.ClassifyResponse',
      { model: model.ref, texts: predict.texts, options: predict.options },
      metadata,
      res,
    );
    this.sendJson(res, 200, teiPredictionsOf(answer, predict.batch));
  }

  private async info(res: ServerResponse): Promise<void> {
    const metadata = new Metadata();
    const { ref } = await this.teiModel(metadata, res);
    const answer = await this.call(
      '/sieve.v1.Models/Get',
      'sieve.v1.GetModelRequest',
      'sieve.v1.GetModelResponse',
      { name: ref },
      metadata,
      res,
    );
    const { tei, version } = this.options;
    this.sendJson(res, 200, teiInfoOf((answer.model as JsonObject | undefined) ?? {}, { ...tei, version }));
  }

  private async health(res: ServerResponse): Promise<void> {
    await this.teiModel(new Metadata(), res);
    res.writeHead(200).end();
  }

  /**
   * The model TEI's routes serve: SIEVE_TEI_MODEL, or the first served model by name. UNAVAILABLE while no worker
   * serves it (TEI's 503 "unhealthy").
   */
  private async teiModel(metadata: Metadata, res: ServerResponse): Promise<{ ref: string }> {
    const listed = await this.call(
      '/sieve.v1.Models/List',
      'sieve.v1.ListModelsRequest',
      'sieve.v1.ListModelsResponse',
      {},
      metadata,
      res,
    );
    const served = ((listed.models as JsonObject[] | undefined) ?? [])
      .filter((model) => Number(model.workerCount ?? 0) > 0)
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const wanted = this.options.tei.model;
    if (!wanted) {
      const first = served[0];
      if (!first) throw teiUnavailable('no model is served');
      return { ref: String(first.name) };
    }
    const [name, version] = wanted.split('@');
    const serving = served.some((model) => model.name === name && (!version || model.version === version));
    if (!serving) throw teiUnavailable(`model "${wanted}" (SIEVE_TEI_MODEL) is not served`);
    return { ref: wanted };
  }

  /** A TEI route's failure in TEI's shape. */
  private async teiAnswer(res: ServerResponse, route: () => Promise<void>): Promise<void> {
    try {
      await route();
    } catch (error) {
      if (res.headersSent) throw error;
      const apiError = error instanceof HttpRefusal ? error.error : apiErrorOf(error, this.unexpected);
      const tei = teiErrorOf(apiError);
      this.sendTei(res, error instanceof HttpRefusal ? { ...tei, status: error.httpStatus } : tei);
    }
  }

  private sendTei(res: ServerResponse, error: TeiError): void {
    if (error.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(error.retryAfterSeconds));
    this.sendJson(res, error.status, error.body, true);
  }

  /** GET and DELETE carry the request in the query: `?pageSize=10&state=BATCH_STATE_RUNNING`. */
  private queryOf(route: RpcRoute, url: URL): JsonObject {
    const type = this.options.json.type(route.request);
    const query: JsonObject = {};
    for (const [key, value] of url.searchParams) {
      const field =
        type.fields[key] ??
        type.fieldsArray.find((f) => f.name === key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()));
      const typed: Json =
        field?.type === 'bool' ? value === 'true' || (value === 'false' ? false : value) : value;
      if (field?.repeated) query[key] = [...((query[key] as Json[] | undefined) ?? []), typed];
      else query[key] = typed;
    }
    return query;
  }

  private async jsonBody(req: IncomingMessage, field: string): Promise<unknown> {
    const body = await this.body(req);
    return parseJson(body.toString('utf8'), field);
  }

  /** The whole body, refused (413) past the message limit, checked on Content-Length first; 408 if it stalls. */
  private body(req: IncomingMessage): Promise<Buffer> {
    const { maxBodyBytes } = this.options;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return Promise.reject(tooLarge(maxBodyBytes, 'the body'));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const idle = this.idleTimer(reject);
      req.on('data', (chunk: Buffer) => {
        idle.reset();
        size += chunk.length;
        if (size > maxBodyBytes) {
          idle.stop();
          req.removeAllListeners('data');
          req.pause();
          reject(tooLarge(maxBodyBytes, 'the body'));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        idle.stop();
        resolve(Buffer.concat(chunks));
      });
      req.on('error', (error) => {
        idle.stop();
        reject(error);
      });
    });
  }

  /** A body's lines as they arrive, each at most the message limit; 408 if the body stalls. */
  private async *bodyLines(req: IncomingMessage): AsyncGenerator<string> {
    const { maxBodyBytes } = this.options;
    let pending = '';
    let stalled: Error | undefined;
    const idle = this.idleTimer((error) => {
      stalled = error;
      req.destroy(error);
    });
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        idle.reset();
        pending += chunk.toString('utf8');
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          yield pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          newline = pending.indexOf('\n');
        }
        if (Buffer.byteLength(pending) > maxBodyBytes) throw tooLarge(maxBodyBytes, 'a line');
      }
    } catch (error) {
      throw stalled ?? error;
    } finally {
      idle.stop();
    }
    if (pending.trim() !== '') yield pending;
  }

  private idleTimer(fail: (error: Error) => void) {
    const { bodyIdleMs } = this.options;
    const expire = () =>
      fail(
        new HttpRefusal(408, new ApiError(status.DEADLINE_EXCEEDED, `no body bytes for ${bodyIdleMs} ms`)),
      );
    let timer = setTimeout(expire, bodyIdleMs);
    return {
      reset: () => {
        clearTimeout(timer);
        timer = setTimeout(expire, bodyIdleMs);
      },
      stop: () => clearTimeout(timer),
    };
  }

  /** Anything a route threw, as the HTTP answer: the one error table's status and JSON body. */
  private fail(res: ServerResponse, error: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof HttpRefusal) return this.sendError(res, error.error, error.httpStatus);
    this.sendError(res, apiErrorOf(error, this.unexpected));
  }

  private sendError(res: ServerResponse, error: ApiError, httpStatus?: number): void {
    const retryAfter = retryAfterSecondsOf(error);
    if (retryAfter !== undefined) res.setHeader('retry-after', String(retryAfter));
    const body = httpErrorBodyOf(error, httpStatus);
    this.sendJson(res, body.error.code, body, true);
  }

  /**
   * `refusal`: the request's body may be unread, so the connection closes after the answer instead of reading
   * what the caller still sends.
   */
  private sendJson(res: ServerResponse, statusCode: number, body: unknown, refusal = false): void {
    const text = JSON.stringify(body);
    res.writeHead(statusCode, {
      'content-type': JSON_TYPE,
      'content-length': Buffer.byteLength(text),
      ...(refusal && !res.req.complete ? { connection: 'close' } : {}),
    });
    res.end(text);
  }
}

/** The HTTP headers that cross to gRPC, every value as sent (a repeated credential is refused there). */
function metadataOf(req: IncomingMessage): Metadata {
  const metadata = new Metadata();
  for (const name of FORWARDED_HEADERS) {
    for (const value of req.headersDistinct[name] ?? []) metadata.add(name, value);
  }
  return metadata;
}

/** The gRPC response headers (x-ratelimit-remaining-*) as HTTP headers. */
function copyHeaders(metadata: Metadata, res: ServerResponse): void {
  if (res.headersSent) return;
  for (const [key, value] of Object.entries(metadata.getMap())) {
    if (key.startsWith('grpc-') || key.endsWith('-bin') || typeof value !== 'string') continue;
    res.setHeader(key, value);
  }
}

function parseJson(text: string, field: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw ApiError.invalidArgument([{ field, description: `not JSON: ${(error as Error).message}` }]);
  }
}

/** An item's refusal with the line it came from in each field's name. */
function linedError(error: ApiError, line: number): ApiError {
  const violations = error.details.badRequest?.fieldViolations ?? [{ field: '', description: error.message }];
  return ApiError.invalidArgument(
    violations.map((v) => ({
      field: `line ${line}${v.field ? `: ${v.field}` : ''}`,
      description: v.description,
    })),
  );
}
