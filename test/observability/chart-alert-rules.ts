// The Helm chart's PrometheusRule rendered as Prometheus loads a rule file (its spec), for the tests that give the
// chart's alerts to a real Prometheus.
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { helm, helmBinary } from '../deploy/helm-tool.ts';

export interface RuleGroups {
  groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; for?: string }> }>;
}

/**
 * The chart's alert rules, rendered in `namespace` with `alertValues` as `--set prometheusRule.alerts.<key>=<value>`
 * (e.g. a short `for` so that a test sees an alert fire); undefined without helm.
 */
export function chartAlertRules(
  namespace: string,
  alertValues: Record<string, string | number> = {},
): RuleGroups | undefined {
  if (helmBinary === undefined) return undefined;
  const rendered = helm([
    'template',
    'ci',
    'sieve',
    '--namespace',
    namespace,
    '--set',
    'redis.url=redis://127.0.0.1:6379',
    '--set',
    'auth.allowOpen=true',
    '--set',
    'prometheusRule.enabled=true',
    ...Object.entries(alertValues).flatMap(([key, value]) => [
      '--set',
      `prometheusRule.alerts.${key}=${value}`,
    ]),
    '--show-only',
    'templates/prometheusrule.yaml',
  ]);
  assert.equal(rendered.status, 0, rendered.output);
  const [rule] = parseAllDocuments(rendered.output).map(
    (document) => document.toJS() as { kind: string; spec: RuleGroups } | null,
  );
  assert.equal(rule?.kind, 'PrometheusRule');
  return rule.spec;
}
