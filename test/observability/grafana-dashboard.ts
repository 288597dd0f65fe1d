// The shipped Grafana dashboard (deploy/grafana/sieve.json), read for the tests that check it.
import { readFileSync } from 'node:fs';

export interface DashboardPanel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: Array<{ expr: string; datasource?: { uid?: string } }>;
}
export interface Dashboard {
  links?: Array<{ title: string; type: string; url?: string }>;
  templating: { list: Array<{ name: string; type: string; query: unknown }> };
  panels: DashboardPanel[];
}

export const dashboard = JSON.parse(
  readFileSync(new URL('../../deploy/grafana/sieve.json', import.meta.url), 'utf8'),
) as Dashboard;

/** Every panel's PromQL expression, with the title of its panel. */
export const dashboardQueries = () =>
  dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
  );
