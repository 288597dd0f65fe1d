import { ROUTES } from './console-api.ts';
import { enumLabel, formatAge } from './display-values.ts';
import { h, table } from './element-builder.ts';
import { clusterStatusOf, recordsOf, textOf, type ViewContext } from './view-context.ts';

/** TEI's /health answers 200 while the gateway can serve its model: the same probe a load balancer uses. */
async function probe(): Promise<string> {
  try {
    const response = await fetch(ROUTES.health, { cache: 'no-store', credentials: 'omit' });
    return response.ok ? 'healthy' : `unhealthy (${response.status})`;
  } catch {
    return 'unreachable';
  }
}

/**
 * The cluster's health as this gateway sees it: its own state and Redis, models by state, live workers, and every
 * live gateway (the registry each announces itself in every second).
 */
export async function healthView(context: ViewContext): Promise<HTMLElement> {
  const [status, health] = await Promise.all([clusterStatusOf(context, ROUTES.clusterStatus), probe()]);
  const gateway = (status?.gateway as Record<string, unknown> | undefined) ?? {};
  const models = recordsOf(status?.models).map((entry) => (entry.model as Record<string, unknown>) ?? {});
  const byState = new Map<string, number>();
  for (const model of models) {
    const state = enumLabel(model.state, 'MODEL_STATE_');
    byState.set(state, (byState.get(state) ?? 0) + 1);
  }
  const rows: Array<[string, string]> = [
    ['Serving probe (/health)', health],
    ['Gateway', textOf(gateway.id)],
    ['Gateway started', formatAge(gateway.startTime, context.nowMs)],
    ['Redis reachable', status ? (gateway.backendReachable ? 'yes' : 'NO') : '—'],
    ['Draining', status ? (gateway.draining ? 'yes: refusing new calls' : 'no') : '—'],
    ['Model versions', [...byState].map(([state, count]) => `${count} ${state}`).join(', ') || 'none'],
    ['Live workers', status ? String(recordsOf(status.workers).length) : '—'],
  ];
  // A gateway older than the registry answers without `gateways`: the table is left out rather than shown empty.
  const gateways = status && Array.isArray(status.gateways) ? recordsOf(status.gateways) : undefined;
  if (gateways) {
    const draining = gateways.filter((entry) => entry.draining).length;
    rows.push(['Live gateways', `${gateways.length}${draining > 0 ? ` (${draining} draining)` : ''}`]);
  }
  return h(
    'section',
    { 'aria-labelledby': 'health-title' },
    h('h2', { id: 'health-title' }, 'Cluster health'),
    table('Health', ['Check', 'Value'], rows),
    ...(gateways
      ? [
          h('h3', {}, 'Gateways'),
          table(
            'Gateways',
            ['Gateway', 'Started', 'Last heartbeat', 'Draining'],
            gateways.map((entry) => [
              `${textOf(entry.id)}${entry.id === gateway.id ? ' (this one)' : ''}`,
              formatAge(entry.startTime, context.nowMs),
              formatAge(entry.heartbeatTime, context.nowMs),
              entry.draining ? 'yes' : 'no',
            ]),
          ),
        ]
      : []),
  );
}
