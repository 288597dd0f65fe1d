// The Grafana dashboard shows the metrics the services export: every metric it queries exists under that name, it
// is templated on the data source, model and tenant, and each panel uses the chosen data source. (That its queries
// parse and return data from a real Prometheus is checked in prometheus-scrape.test.ts.) It links to Grafana's list of
// the chart's alerts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GatewayMetrics, WorkerMetrics } from '@sieve/telemetry';
import { dashboard, dashboardQueries } from './grafana-dashboard.ts';

async function exportedNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const registry of [new GatewayMetrics().registry, new WorkerMetrics().registry]) {
    for (const metric of await registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (String(metric.type) === 'histogram') {
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
      }
    }
  }
  return names;
}

describe('Grafana dashboard', () => {
  it('queries only metrics the gateway and the worker export', async () => {
    const names = await exportedNames();
    const used = new Set(dashboardQueries().flatMap(({ expr }) => expr.match(/\bsieve_[a-z_]+/g) ?? []));
    assert.ok(used.size >= 15, [...used].join(' '));
    for (const name of used) assert.ok(names.has(name), `${name} is not exported`);
    for (const wanted of [
      'sieve_requests_total',
      'sieve_request_duration_seconds_bucket',
      'sieve_queue_wait_seconds_bucket',
      'sieve_tokenization_duration_seconds_bucket',
      'sieve_inference_duration_seconds_bucket',
      'sieve_batch_size_bucket',
      'sieve_batch_padded_tokens_total',
      'sieve_batch_real_tokens_total',
      'sieve_pending_texts',
      'sieve_worker_busy_seconds_total',
      'sieve_quota_rejections_total',
    ]) {
      assert.ok(used.has(wanted), `no panel shows ${wanted}`);
    }
  });

  it('is templated on $datasource, model and tenant, and every query uses them', () => {
    const variables = dashboard.templating.list.map((variable) => `${variable.name}:${variable.type}`);
    assert.deepEqual(variables, ['datasource:datasource', 'model:query', 'tenant:query']);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      assert.equal(panel.datasource?.uid, '${datasource}', panel.title);
      for (const target of panel.targets ?? []) {
        assert.equal(target.datasource?.uid, '${datasource}', panel.title);
        assert.match(target.expr, /\$model|\$tenant/, `${panel.title}: ${target.expr}`);
      }
    }
  });

  it("links to Grafana's alert list, searched so that it shows every alert of the chart", () => {
    const link = dashboard.links?.find((entry) => entry.url?.startsWith('/alerting/list'));
    assert.ok(link, 'no link to the alert list');
    const search = new URL(link.url!, 'http://grafana').searchParams.get('search') ?? '';
    const rules = readFileSync(
      new URL('../../deploy/helm/sieve/templates/prometheusrule.yaml', import.meta.url),
      'utf8',
    );
    const alerts = [...rules.matchAll(/- alert: (\S+)/g)].map(([, name]) => name!);
    assert.ok(alerts.length >= 8, alerts.join(' '));
    for (const alert of alerts) assert.ok(alert.startsWith(search), `${alert} is not found by "${search}"`);
  });
});
