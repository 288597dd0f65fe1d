// The chart's alerts fire in a real Prometheus (Debian's `prometheus` package) on what real services do, not only
// evaluate: the rules are rendered with short `for` values (prometheusRule.alerts.*), a gateway holds texts of a model
// whose only worker is killed, and /api/v1/alerts shows SieveModelWithoutWorker and SievePendingTextsHigh firing;
// a new worker answers the texts and both alerts end. Waits are generous (a busy 2-core machine); nothing is timed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, PrometheusServer, SieveCluster, tinyModelDir, type PrometheusAlert } from '@sieve/testing';
import { helmBinary, helmMissing, requireTool } from '../deploy/helm-tool.ts';
import { chartAlertRules } from './chart-alert-rules.ts';

const NAMESPACE = 'sieve';
/** Texts the gateway holds: above the rendered pendingTexts threshold. */
const CALLS = 3;
const TEXTS_PER_CALL = 4;
const PENDING = CALLS * TEXTS_PER_CALL;

const named = (alerts: PrometheusAlert[], name: string) =>
  alerts.filter((alert) => alert.labels.alertname === name);
const firing = (alerts: PrometheusAlert[], name: string) =>
  named(alerts, name).some((alert) => alert.state === 'firing');

describe("the chart's alerts fire in Prometheus", { timeout: 300_000 }, () => {
  let cluster: SieveCluster | undefined;
  let prometheus: PrometheusServer | undefined;
  let workerPort = 0;

  before(async () => {
    if (!PrometheusServer.available || helmBinary === undefined) return;
    const gatewayPort = await freePort();
    workerPort = await freePort();
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_METRICS_ADDRESS: `127.0.0.1:${gatewayPort}` },
      workerEnv: { SIEVE_METRICS_ADDRESS: `127.0.0.1:${workerPort}` },
    });
    prometheus = await PrometheusServer.start({
      targets: [
        { job: 'sieve-gateway', address: `127.0.0.1:${gatewayPort}`, labels: { namespace: NAMESPACE } },
        { job: 'sieve-worker', address: `127.0.0.1:${workerPort}` },
      ],
      // Seconds instead of minutes, so that pending turns firing within the test; the expressions are the chart's.
      rules: chartAlertRules(NAMESPACE, {
        modelWithoutWorkerFor: '2s',
        pendingTexts: PENDING - 1,
        pendingTextsFor: '2s',
      }),
    });
  });

  after(async () => {
    await prometheus?.stop();
    await cluster?.stop();
  });

  it('SieveModelWithoutWorker and SievePendingTextsHigh fire while a killed worker leaves texts pending, and end when a new worker answers them', async (t) => {
    if (!PrometheusServer.available) {
      assert.ok(!process.env.CI, 'prometheus is not on the PATH although .ci/run installs it');
      t.skip('prometheus is not on the PATH: apt-get install prometheus (.ci/run does)');
      return;
    }
    if (!requireTool(t, helmBinary !== undefined, 'helm', helmMissing)) return;
    const server = prometheus!;
    const rules = await server.rules();
    for (const name of ['SieveModelWithoutWorker', 'SievePendingTextsHigh']) {
      assert.ok(
        rules.some((rule) => rule.name === name),
        `${name} is not among the loaded rules: ${rules.map((rule) => rule.name).join(', ')}`,
      );
    }

    // A served model, scraped: the worker reports it loaded, and neither alert is even pending.
    await cluster!.classify({ model: 'tiny', texts: ['before'] });
    await server.waitFor('count by (model) (sieve_worker_model_provider_info)', (result) =>
      result.some((series) => series.metric.model === 'tiny@1'),
    );
    await server.waitFor('sum(sieve_pending_texts)', (result) => result[0]?.value[1] === '0');
    await server.waitFor('sum by (model) (sieve_requests_total)', (result) => result.length > 0);
    // Evaluated after those scrapes: the rules' last evaluation saw a served model with nothing pending.
    const evaluatedFrom = Date.now();
    const until = evaluatedFrom + 60_000;
    while (!(await server.rules()).every((rule) => Date.parse(rule.lastEvaluation) > evaluatedFrom)) {
      assert.ok(Date.now() < until, `rules not evaluated again in 60 s\n${server.output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const before = await server.alerts();
    assert.deepEqual(
      [...named(before, 'SieveModelWithoutWorker'), ...named(before, 'SievePendingTextsHigh')],
      [],
      'active on a served model with nothing pending',
    );

    // Texts accepted while the worker is frozen (so it takes none), then the worker killed as a crash would: the
    // gateway holds them until their deadline or an answer, and no worker reports the model.
    const [worker] = cluster!.workers;
    let killed = false;
    worker!.signal('SIGSTOP');
    const calls = Array.from({ length: CALLS }, (_, i) =>
      cluster!.classify(
        { model: 'tiny', texts: Array.from({ length: TEXTS_PER_CALL }, (_, j) => `pending ${i}.${j}`) },
        { deadlineMs: 240_000 },
      ),
    );
    // Each call's rejection is observed by Promise.all below; this only keeps an early one from being unhandled.
    const settled = Promise.allSettled(calls);
    try {
      await server.waitFor(
        'sum by (model) (sieve_pending_texts)',
        (result) => result[0]?.value[1] === String(PENDING),
        60_000,
      );
      worker!.signal('SIGKILL');
      killed = true;
      await worker!.exited;

      const active = await server.waitForAlerts(
        'SieveModelWithoutWorker and SievePendingTextsHigh firing',
        (alerts) => firing(alerts, 'SieveModelWithoutWorker') && firing(alerts, 'SievePendingTextsHigh'),
        120_000,
      );
      for (const name of ['SieveModelWithoutWorker', 'SievePendingTextsHigh']) {
        const [alert] = named(active, name);
        assert.equal(alert?.labels.model, 'tiny@1', name);
        assert.equal(Number(alert.value), PENDING, `${name}: the pending texts are the alert's value`);
        assert.ok(!Number.isNaN(Date.parse(alert.activeAt)), `${name}: activeAt ${alert.activeAt}`);
        t.diagnostic(`${name}: ${alert.state} since ${alert.activeAt}, value ${alert.value}`);
      }
      assert.equal(named(active, 'SieveModelWithoutWorker')[0]!.labels.severity, 'critical');
      assert.equal(named(active, 'SievePendingTextsHigh')[0]!.labels.severity, 'warning');
    } finally {
      // A worker again (on the killed one's metrics port, which Prometheus scrapes): it takes the queued texts.
      if (killed) await cluster!.addWorker({ SIEVE_METRICS_ADDRESS: `127.0.0.1:${workerPort}` });
      else worker!.signal('SIGCONT');
      await settled;
    }
    const answers = await Promise.all(calls);
    assert.deepEqual(
      answers.map((answer) => answer.results.length),
      Array.from({ length: CALLS }, () => TEXTS_PER_CALL),
    );
    await server.waitForAlerts(
      'both alerts ended',
      (alerts) =>
        named(alerts, 'SieveModelWithoutWorker').length === 0 &&
        named(alerts, 'SievePendingTextsHigh').length === 0,
      120_000,
    );
  });
});
