import { credentials, Metadata, status, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, type ClassifyResponse, type InferenceClient } from '@sieve/api';
import { summarizeLatencies, type LatencySummary } from './latency-summary.ts';
import { ServerTimingsTally, type ServerTimingsP50 } from './server-timings.ts';

export interface LoadSpec {
  address: string;
  model: string;
  /** Texts sent in order, `textsPerCall` per call, wrapping around. */
  texts: readonly string[];
  /** Tokens of each text (same order), for tokens/s. */
  tokenCounts?: readonly number[];
  calls: number;
  textsPerCall: number;
  /** unary and stream: gRPC Classify and ClassifyStream; http: POST /v1/classify on `httpAddress` (HTTP/JSON). */
  mode: 'unary' | 'stream' | 'http';
  /** host:port of the gateway's HTTP/JSON surface, for mode http. */
  httpAddress?: string;
  /** Closed loop: callers, each waiting for its answer before the next call. Open loop: streams to spread over. */
  concurrency: number;
  /** Calls each closed-loop caller keeps in flight (default 1). */
  inFlightPerCaller?: number;
  /** Open loop: calls per second, Poisson arrivals, latency counted from the scheduled arrival (no coordinated
   * omission: a slow server does not slow the arrivals down). Absent: closed loop. */
  ratePerSecond?: number;
  /** e.g. { authorization: 'Bearer sk-...' } */
  metadata?: Record<string, string>;
  deadlineMs?: number;
}

export interface LoadResult {
  mode: LoadSpec['mode'];
  loop: 'closed' | 'open';
  concurrency: number;
  textsPerCall: number;
  offeredCallsPerSecond?: number;
  calls: number;
  texts: number;
  errors: Record<string, number>;
  seconds: number;
  callsPerSecond: number;
  textsPerSecond: number;
  tokensPerSecond: number;
  latencyMs: LatencySummary;
  cachedTexts: number;
  /** The answers' own timings (sieve's; absent for a server that returns none). */
  serverTimingsP50Ms?: ServerTimingsP50;
}

type Answer = { ok: true; response: ClassifyResponse } | { ok: false; code: string };
/** A ClassifyStream answer as the client receives it. */
interface StreamAnswer {
  correlationId: string;
  response?: ClassifyResponse;
  error?: { code: number };
}

/** One gRPC connection per few callers: a single HTTP/2 connection would serialize a fast server's answers. */
export function openClients(address: string, count: number): InferenceClient[] {
  const { grpc } = loadSieveProtos();
  return Array.from(
    { length: count },
    () =>
      new grpc.sieve.v1.Inference(address, credentials.createInsecure(), {
        'grpc.use_local_subchannel_pool': 1,
        'grpc.max_receive_message_length': 64 << 20,
      }),
  );
}

/** Sends one call's requests over a stream and matches answers by correlation id. */
export class StreamCaller {
  private readonly waiting = new Map<string, (answer: Answer) => void>();
  private readonly stream: ClientDuplexStream<object, StreamAnswer>;
  private next = 0;

  constructor(client: InferenceClient, metadata: Metadata) {
    this.stream = client.ClassifyStream(metadata) as unknown as ClientDuplexStream<object, StreamAnswer>;
    this.stream.on('data', (message: StreamAnswer) => {
      const resolve = this.waiting.get(message.correlationId);
      this.waiting.delete(message.correlationId);
      if (message.response) resolve?.({ ok: true, response: message.response });
      else resolve?.({ ok: false, code: status[message.error?.code ?? status.UNKNOWN] ?? 'UNKNOWN' });
    });
    this.stream.on('error', (error: ServiceError) => this.failAll(status[error.code] ?? 'UNKNOWN'));
    this.stream.on('end', () => this.failAll('STREAM_ENDED'));
  }

  call(request: object): Promise<Answer> {
    const correlationId = String((this.next += 1));
    return new Promise((resolve) => {
      this.waiting.set(correlationId, resolve);
      this.stream.write({ correlationId, request });
    });
  }

  close(): void {
    this.stream.end();
  }

  private failAll(code: string): void {
    for (const resolve of this.waiting.values()) resolve({ ok: false, code });
    this.waiting.clear();
  }
}

/** Drives one load shape against a sieve.v1.Inference server (sieve's gateway or the naive server). */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(spec.metadata ?? {})) metadata.set(key, value);
  const clients = openClients(spec.address, Math.max(1, Math.min(8, Math.ceil(spec.concurrency / 8))));
  const streams =
    spec.mode === 'stream'
      ? Array.from(
          { length: spec.concurrency },
          (_, i) => new StreamCaller(clients[i % clients.length]!, metadata),
        )
      : [];
  const deadlineMs = spec.deadlineMs ?? 120_000;
  const requestOf = (call: number) => {
    const texts = Array.from(
      { length: spec.textsPerCall },
      (_, k) => spec.texts[(call * spec.textsPerCall + k) % spec.texts.length]!,
    );
    return { model: spec.model, texts };
  };
  const send = (call: number, caller: number): Promise<Answer> => {
    const request = requestOf(call);
    if (spec.mode === 'stream') return streams[caller % streams.length]!.call(request);
    if (spec.mode === 'http') return classifyOverHttp(spec, request, deadlineMs);
    const client = clients[caller % clients.length]!;
    return new Promise((resolve) =>
      client.Classify(request, metadata, { deadline: Date.now() + deadlineMs }, (error, response) =>
        resolve(
          error
            ? { ok: false, code: status[(error as ServiceError).code] ?? 'UNKNOWN' }
            : { ok: true, response: response as ClassifyResponse },
        ),
      ),
    );
  };

  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let cachedTexts = 0;
  let tokens = 0;
  const serverTimings = new ServerTimingsTally();
  const record = (call: number, answer: Answer, startedAt: number) => {
    if (answer.ok) {
      for (let k = 0; k < spec.textsPerCall; k++)
        tokens += spec.tokenCounts?.[(call * spec.textsPerCall + k) % spec.texts.length] ?? 0;
      latencies.push(performance.now() - startedAt);
      cachedTexts += answer.response.results.filter((result) => result.cached).length;
      serverTimings.add(answer.response.timings);
    } else errors[answer.code] = (errors[answer.code] ?? 0) + 1;
  };

  const started = performance.now();
  if (spec.ratePerSecond === undefined) {
    let next = 0;
    const inFlight = spec.inFlightPerCaller ?? 1;
    await Promise.all(
      Array.from({ length: spec.concurrency * inFlight }, async (_, slot) => {
        const caller = slot % spec.concurrency;
        while (next < spec.calls) {
          const call = next++;
          const t0 = performance.now();
          record(call, await send(call, caller), t0);
        }
      }),
    );
  } else {
    // Exponential gaps at the offered rate; a timer sends every call that is due.
    const rate = spec.ratePerSecond;
    const pending: Array<Promise<void>> = [];
    let due = started;
    for (let call = 0; call < spec.calls; call++) {
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const scheduled = due;
      pending.push(send(call, call).then((answer) => record(call, answer, scheduled)));
      due += (-Math.log(1 - Math.random()) / rate) * 1000;
    }
    await Promise.all(pending);
  }
  const seconds = (performance.now() - started) / 1000;
  for (const stream of streams) stream.close();
  for (const client of clients) client.close();
  const answered = latencies.length;
  const serverTimingsP50 = serverTimings.p50();
  return {
    mode: spec.mode,
    loop: spec.ratePerSecond === undefined ? 'closed' : 'open',
    concurrency: spec.concurrency,
    textsPerCall: spec.textsPerCall,
    ...(spec.ratePerSecond !== undefined ? { offeredCallsPerSecond: +spec.ratePerSecond.toFixed(2) } : {}),
    calls: spec.calls,
    texts: answered * spec.textsPerCall,
    errors,
    seconds: +seconds.toFixed(2),
    callsPerSecond: +(answered / seconds).toFixed(2),
    textsPerSecond: +((answered * spec.textsPerCall) / seconds).toFixed(2),
    tokensPerSecond: Math.round(tokens / seconds),
    latencyMs: summarizeLatencies(latencies),
    cachedTexts,
    ...(serverTimingsP50 ? { serverTimingsP50Ms: serverTimingsP50 } : {}),
  };
}

/** A proto3 JSON Duration ("0.004s") as the message's seconds and nanos. */
function durationOfJson(text: unknown): { seconds: number; nanos: number } | undefined {
  if (typeof text !== 'string' || !text.endsWith('s')) return undefined;
  const total = Number(text.slice(0, -1));
  const seconds = Math.trunc(total);
  return { seconds, nanos: Math.round((total - seconds) * 1e9) };
}

/** Classify over HTTP/JSON, read back into the ClassifyResponse shape the tallies take. */
async function classifyOverHttp(spec: LoadSpec, request: object, deadlineMs: number): Promise<Answer> {
  try {
    const answer = await fetch(`http://${spec.httpAddress}/v1/classify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...spec.metadata },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(deadlineMs),
    });
    const body = (await answer.json()) as {
      error?: { status?: string };
      results?: ClassifyResponse['results'];
      timings?: Record<string, string>;
    };
    if (!answer.ok) return { ok: false, code: body.error?.status ?? `HTTP ${answer.status}` };
    const timings = {
      total: durationOfJson(body.timings?.total) ?? null,
      queue: durationOfJson(body.timings?.queue) ?? null,
      tokenization: durationOfJson(body.timings?.tokenization) ?? null,
      inference: durationOfJson(body.timings?.inference) ?? null,
    };
    return { ok: true, response: { ...body, results: body.results ?? [], timings } as ClassifyResponse };
  } catch (error) {
    return {
      ok: false,
      code: (error as Error).name === 'TimeoutError' ? 'DEADLINE_EXCEEDED' : 'UNAVAILABLE',
    };
  }
}
