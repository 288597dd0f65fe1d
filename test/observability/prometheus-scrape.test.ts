// A real Prometheus (Debian's `prometheus` package) scrapes the gateway and the worker, and its query API returns
// the request counter and the worker's batch histogram: the metric names and the exposition format are what
// Prometheus accepts, not only what our own text parsing reads. It also evaluates the query the Helm chart gives
// KEDA by default, as the chart renders it, against work that is really pending, and loads the chart's alert rules:
// each evaluates without error and names only metrics the services expose.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { parseAllDocuments } from 'yaml';
import { freePort, PrometheusServer, SieveCluster, tinyModelDir } from '@sieve/testing';
import { helm, helmBinary, helmMissing, requireTool } from '../deploy/helm-tool.ts';
import { chartAlertRules, type RuleGroups } from './chart-alert-rules.ts';
import { dashboardQueries } from './grafana-dashboard.ts';

const hasPrometheus = PrometheusServer.available;

/** The namespace the chart is rendered in; the scrape config gives the gateway's series this label, as a ServiceMonitor does. */
const NAMESPACE = 'sieve';

/** KEDA's redis scaler's count of a key (pkg/scalers/redis_scaler.go): ZCARD for a sorted set, LLEN for a list. */
const KEDA_REDIS_LENGTH = `
local listName = KEYS[1]
local listType = redis.call('type', listName).ok
local cmd = { zset = 'zcard', set = 'scard', list = 'llen', hash = 'hlen', none = 'llen' }
return redis.call(cmd[listType], listName)`;

interface ScaledObject {
  kind: string;
  metadata: { name: string };
  spec: { triggers: Array<{ type: string; metadata: Record<string, string> }> };
}

describe('Prometheus scrapes the services', { timeout: 180_000 }, () => {
  let cluster: SieveCluster | undefined;
  let prometheus: PrometheusServer | undefined;
  let dir: string | undefined;
  let api = '';
  let alertRules: RuleGroups | undefined;

  before(async () => {
    if (!hasPrometheus) return;
    const [gatewayPort, workerPort] = [await freePort(), await freePort()];
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_METRICS_ADDRESS: `127.0.0.1:${gatewayPort}` },
      workerEnv: { SIEVE_METRICS_ADDRESS: `127.0.0.1:${workerPort}` },
    });
    dir = mkdtempSync(join(tmpdir(), 'sieve-prometheus-'));
    alertRules = chartAlertRules(NAMESPACE);
    prometheus = await PrometheusServer.start({
      targets: [
        { job: 'sieve-gateway', address: `127.0.0.1:${gatewayPort}`, labels: { namespace: NAMESPACE } },
        { job: 'sieve-worker', address: `127.0.0.1:${workerPort}` },
      ],
      rules: alertRules,
    });
    api = prometheus.api;
  });

  after(async () => {
    await prometheus?.stop();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Polls an instant query until `done` holds for its result (Prometheus scrapes every second). */
  const query = (expression: string, done: Parameters<PrometheusServer['waitFor']>[1]) =>
    prometheus!.waitFor(expression, done);

  it('returns the request counter and the batch histogram from its HTTP API', async (t) => {
    if (!hasPrometheus) {
      // .ci/run installs it, so in CI a missing prometheus is a failure, not a skip.
      assert.ok(!process.env.CI, 'prometheus is not on the PATH although .ci/run installs it');
      t.skip('prometheus is not on the PATH: apt-get install prometheus (.ci/run does)');
      return;
    }
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => cluster!.classify({ model: 'tiny', texts: [`scraped ${i}`] })),
    );
    await query('up', (result) => result.length === 2 && result.every((series) => series.value[1] === '1'));
    const requests = await query(
      'sieve_requests_total{method="Classify",code="OK"}',
      (result) => result.length === 1 && result[0]!.value[1] === '5',
    );
    assert.deepEqual(
      [requests[0]!.metric.job, requests[0]!.metric.tenant, requests[0]!.metric.model],
      ['sieve-gateway', 'default', 'tiny@1'],
    );
    await query('sum(sieve_worker_texts_total{outcome="computed"})', (result) => result[0]?.value[1] === '5');
    await query(
      'sum(sieve_batch_size_count{job="sieve-worker"})',
      (result) => Number(result[0]?.value[1]) >= 1,
    );
  });

  it('runs every query of the Grafana dashboard, and those of traffic that happened return series', async (t) => {
    if (!hasPrometheus) {
      assert.ok(!process.env.CI, 'prometheus is not on the PATH although .ci/run installs it');
      t.skip('prometheus is not on the PATH: apt-get install prometheus (.ci/run does)');
      return;
    }
    // What Grafana substitutes: every model and tenant, and a rate window of a few scrapes.
    const substitute = (expr: string) =>
      expr.replaceAll('$model', '.+').replaceAll('$tenant', '.+').replaceAll('$__rate_interval', '10s');
    // No request failed, no quota refused one and no batch job ran here, so those panels are rightly empty.
    const mayBeEmpty = (expr: string) =>
      expr.includes('code!="OK"') ||
      expr.includes('sieve_quota_rejections_total') ||
      expr.includes('sieve_batch_job');
    for (const { panel, expr } of dashboardQueries()) {
      await query(substitute(expr), (result) => mayBeEmpty(expr) || result.length > 0).catch(
        (error: unknown) => {
          throw new Error(`panel "${panel}": ${String(error)}`);
        },
      );
    }
  });

  it("evaluates the chart's default KEDA query to the texts pending at default priority, which :wait does not hold", async (t) => {
    if (!hasPrometheus) {
      assert.ok(!process.env.CI, 'prometheus is not on the PATH although .ci/run installs it');
      t.skip('prometheus is not on the PATH: apt-get install prometheus (.ci/run does)');
      return;
    }
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    // Two pools of this cluster's model: one on the default trigger, one on the redis option.
    const values = join(dir!, 'keda-values.yaml');
    writeFileSync(
      values,
      [
        `redis: { url: 'redis://127.0.0.1:6379', queuePrefix: '${cluster!.prefix}' }`,
        'auth: { allowOpen: true }',
        'workers:',
        '  - name: tiny',
        "    model: { name: tiny, version: '1', source: synth }",
        `    keda: { enabled: true, prometheus: { serverAddress: '${api}' } }`,
        '  - name: tiny-redis',
        "    model: { name: tiny, version: '1', source: synth }",
        '    keda: { enabled: true, trigger: redis }',
        '',
      ].join('\n'),
    );
    const rendered = helm(['template', 'ci', 'sieve', '--namespace', NAMESPACE, '-f', values]);
    assert.equal(rendered.status, 0, rendered.output);
    const scaled = parseAllDocuments(rendered.output)
      .map((document) => document.toJS() as ScaledObject | null)
      .filter((object): object is ScaledObject => object?.kind === 'ScaledObject');
    const byPool = (pool: string) =>
      scaled.find((object) => object.metadata.name === `ci-sieve-worker-${pool}`)!;
    const [trigger] = byPool('tiny').spec.triggers;
    assert.equal(trigger?.type, 'prometheus', 'the default trigger');
    const kedaQuery = trigger.metadata.query!;
    assert.match(kedaQuery, /sieve_pending_texts/);
    const redisKeys = byPool('tiny-redis').spec.triggers.map(
      (redisTrigger) => redisTrigger.metadata.listName!,
    );

    // Work pending at the tenant's default priority ("normal": BullMQ's :prioritized sorted set), none computed: the
    // worker is frozen.
    const worker = cluster!.workers[0]!;
    worker.signal('SIGSTOP');
    let calls: Array<Promise<unknown>> = [];
    try {
      calls = Array.from({ length: 6 }, (_, i) =>
        cluster!.classify(
          { model: 'tiny', texts: [0, 1, 2, 3].map((j) => `pending ${i}.${j}`) },
          { deadlineMs: 60_000 },
        ),
      );
      await query(kedaQuery, (result) => result[0]?.value[1] === '24');
      const redis = new Redis(cluster!.redis.url);
      try {
        const lengths = await Promise.all(
          redisKeys.map(async (key) => [key, Number(await redis.eval(KEDA_REDIS_LENGTH, 1, key))] as const),
        );
        const sum = (keys: ReadonlyArray<readonly [string, number]>) =>
          keys.reduce((n, [, length]) => n + length, 0);
        t.diagnostic(
          `KEDA query = 24 texts; redis keys: ${lengths
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${k}=${n}`)
            .join(', ')}`,
        );
        assert.ok(sum(lengths) > 0, `the redis option sees the pending jobs: ${JSON.stringify(lengths)}`);
        // What the chart's trigger read before: the wait lists alone.
        assert.equal(sum(lengths.filter(([key]) => key.endsWith(':wait'))), 0, JSON.stringify(lengths));
      } finally {
        redis.disconnect();
      }
    } finally {
      worker.signal('SIGCONT');
      await Promise.all(calls);
    }
    await query(kedaQuery, (result) => result[0]?.value[1] === '0');
  });

  it("loads the chart's alert rules, which evaluate without error on metrics the services expose", async (t) => {
    if (!hasPrometheus) {
      assert.ok(!process.env.CI, 'prometheus is not on the PATH although .ci/run installs it');
      t.skip('prometheus is not on the PATH: apt-get install prometheus (.ci/run does)');
      return;
    }
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const rules = alertRules!.groups.flatMap((group) => group.rules);
    assert.ok(rules.length >= 8, 'the chart lost some alerts');
    // Traffic, so that the request series the rates read exist.
    await cluster!.classify({ model: 'tiny', texts: ['alerted'] });
    const until = Date.now() + 30_000;
    let loaded = await prometheus!.rules();
    // Evaluated at least once since traffic began (a rule not yet run reports health "unknown").
    while (!(loaded.length === rules.length && loaded.every((rule) => rule.health !== 'unknown'))) {
      assert.ok(Date.now() < until, `rules not evaluated: ${JSON.stringify(loaded)}\n${prometheus!.output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      loaded = await prometheus!.rules();
    }
    for (const rule of loaded) {
      assert.equal(rule.health, 'ok', `${rule.name}: ${rule.lastError ?? ''}`);
      assert.ok(!rule.lastError, `${rule.name}: ${rule.lastError}`);
    }

    // Every metric a rule names is one a service exposes (Prometheus keeps the HELP/TYPE of what it scraped, also of
    // a labelled counter with no sample yet), so that renaming a metric fails here rather than silencing an alert.
    const metadata = (await (await fetch(`${api}/api/v1/metadata`)).json()) as {
      data: Record<string, unknown>;
    };
    const exposed = new Set(Object.keys(metadata.data));
    for (const rule of rules) {
      const names = [...rule.expr.matchAll(/\bsieve_[a-z0-9_]+/g)].map(([name]) =>
        name.replace(/_(bucket|sum|count)$/, ''),
      );
      assert.ok(names.length > 0, rule.alert);
      for (const name of names)
        assert.ok(exposed.has(name), `${rule.alert} reads ${name}, which no service exposes`);
    }
    // The joins on model match: the gateways' and the workers' model labels are the same ref.
    await query(
      'count by (model) (sieve_pending_texts) and on (model) count by (model) (sieve_worker_model_provider_info)',
      (result) => result.length === 1,
    );
  });
});
