import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server.ts';

/** One endpoint Prometheus scrapes, with the labels a ServiceMonitor would add (e.g. namespace). */
export interface ScrapeTarget {
  job: string;
  address: string;
  labels?: Record<string, string>;
}

export type PrometheusSeries = Array<{ metric: Record<string, string>; value: [number, string] }>;

/** An alert as /api/v1/alerts lists it: pending (expression true, `for` not yet over) or firing. */
export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

/** A rule as /api/v1/rules reports it; health is "unknown" until its first evaluation. */
export interface PrometheusRuleState {
  name: string;
  health: string;
  lastError?: string;
  lastEvaluation: string;
}

/**
 * A throwaway Prometheus (Debian's `prometheus` package) on a free loopback port: scrapes and evaluates every second,
 * keeps its data in a temporary directory, loads the given rule groups as a rule file. Tests see what a real
 * Prometheus accepts and computes, not only what our own parsing of /metrics reads.
 */
export class PrometheusServer {
  /** Whether `prometheus` is on the PATH (.ci/run installs it). */
  static readonly available =
    spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).status === 0;

  /** Its HTTP API's base URL, e.g. http://127.0.0.1:9090. */
  readonly api: string;
  private readonly lines: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    port: number,
  ) {
    this.api = `http://127.0.0.1:${port}`;
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => this.lines.push(chunk.toString('utf8')));
    }
  }

  /** Prometheus's own log, for failure messages. */
  get output(): string {
    return this.lines.join('');
  }

  static async start(options: { targets: ScrapeTarget[]; rules?: object }): Promise<PrometheusServer> {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-prometheus-'));
    const port = await freePort();
    if (options.rules) writeFileSync(join(dir, 'rules.yml'), JSON.stringify(options.rules));
    const jobs = new Map<string, ScrapeTarget[]>();
    for (const target of options.targets) jobs.set(target.job, [...(jobs.get(target.job) ?? []), target]);
    // JSON is YAML: no quoting of label values by hand.
    const config = {
      global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
      ...(options.rules ? { rule_files: [join(dir, 'rules.yml')] } : {}),
      scrape_configs: [...jobs].map(([job, targets]) => ({
        job_name: job,
        static_configs: targets.map((target) => ({
          targets: [target.address],
          ...(target.labels ? { labels: target.labels } : {}),
        })),
      })),
    };
    writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config));
    const child = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const server = new PrometheusServer(child, dir, port);
    try {
      const until = Date.now() + 30_000;
      while (
        !(await fetch(`${server.api}/-/ready`).then(
          (response) => response.ok,
          () => false,
        ))
      ) {
        if (child.exitCode !== null) throw new Error(`prometheus exited:\n${server.output}`);
        if (Date.now() > until) throw new Error(`prometheus not ready after 30 s:\n${server.output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** GETs an API path and answers its `data`; a status other than success is an error naming the path. */
  async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.api}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.status} ${body.error ?? ''}`);
    return body.data;
  }

  /** An instant query's series. */
  async query(expression: string): Promise<PrometheusSeries> {
    const data = await this.get<{ result: PrometheusSeries }>(
      `/api/v1/query?query=${encodeURIComponent(expression)}`,
    );
    return data.result;
  }

  /** Polls an instant query until `done` holds for its result (it scrapes every second); its last result on timeout. */
  async waitFor(
    expression: string,
    done: (result: PrometheusSeries) => boolean,
    timeoutMs = 30_000,
  ): Promise<PrometheusSeries> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const result = await this.query(expression);
      if (done(result)) return result;
      if (Date.now() > until) {
        throw new Error(`${expression} after ${timeoutMs} ms: ${JSON.stringify(result)}\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The alerts pending or firing now. */
  async alerts(): Promise<PrometheusAlert[]> {
    return (await this.get<{ alerts: PrometheusAlert[] }>('/api/v1/alerts')).alerts;
  }

  /** Polls the active alerts until `done` holds for them. */
  async waitForAlerts(
    what: string,
    done: (alerts: PrometheusAlert[]) => boolean,
    timeoutMs = 60_000,
  ): Promise<PrometheusAlert[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const alerts = await this.alerts();
      if (done(alerts)) return alerts;
      if (Date.now() > until) {
        throw new Error(`${what} after ${timeoutMs} ms; active: ${JSON.stringify(alerts)}\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Every loaded rule with its health. */
  async rules(): Promise<PrometheusRuleState[]> {
    const data = await this.get<{ groups: Array<{ rules: PrometheusRuleState[] }> }>('/api/v1/rules');
    return data.groups.flatMap((group) => group.rules);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
