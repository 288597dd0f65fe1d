import { ROUTES, type JsonRecord } from './console-api.ts';
import { formatCount, formatTimestamp } from './display-values.ts';
import { emptyNote, h, svg, table } from './element-builder.ts';
import { pagingFooter, readPages } from './paged-listing.ts';
import { barGeometry, hourlySlots, usageSummaryOf, type UsagePoint } from './usage-series.ts';
import { recordsOf, textOf, type ViewContext } from './view-context.ts';

const LIMIT_NAMES: Array<[string, string]> = [
  ['requestsPerSecond', 'req/s'],
  ['requestsPerMinute', 'req/min'],
  ['textsPerMinute', 'texts/min'],
  ['tokensPerMinute', 'tokens/min'],
  ['maxConcurrentTexts', 'concurrent texts'],
  ['textsPerDay', 'texts/day'],
  ['maxTextsPerCall', 'texts/call'],
  ['maxBatchTexts', 'batch texts'],
  ['maxConcurrentBatches', 'concurrent batches'],
];
/** The usage chart covers the last day, hour by hour (GetUsage's default granularity). */
const USAGE_WINDOW_MS = 24 * 3600_000;
/** Tenants a page of ListTenants holds; Load more adds the next. */
const TENANT_PAGE = 200;

function limitsOf(tenant: JsonRecord): string {
  const limits = (tenant.limits as JsonRecord | undefined) ?? {};
  const set = LIMIT_NAMES.filter(([field]) => limits[field] !== undefined).map(
    ([field, unit]) => `${formatCount(limits[field])} ${unit}`,
  );
  return set.length > 0 ? set.join(', ') : 'no limits';
}

/** Texts per hour as bars, rejections stacked in red above them; labelled for screen readers. */
function usageChart(points: UsagePoint[]): SVGElement {
  const width = 600;
  const height = 160;
  const bars = barGeometry(
    points.map((point) => point.texts + point.rejections),
    width,
    height,
  );
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height + 20}`,
    class: 'usage-chart',
    role: 'img',
    'aria-label': `Texts per hour over the last day, oldest first: ${points.map((p) => p.texts).join(', ')}`,
  });
  chart.append(svg('line', { x1: 0, y1: height, x2: width, y2: height, class: 'axis' }));
  bars.forEach((bar, index) => {
    const point = points[index]!;
    const total = point.texts + point.rejections;
    const rejectedHeight = total === 0 ? 0 : (bar.h * point.rejections) / total;
    chart.append(
      svg(
        'rect',
        {
          x: bar.x,
          y: bar.y + rejectedHeight,
          width: bar.w,
          height: bar.h - rejectedHeight,
          class: 'bar-texts',
        },
        svg('title', {}, `${formatTimestamp(new Date(point.atMs).toISOString())}: ${point.texts} texts`),
      ),
    );
    if (rejectedHeight > 0) {
      chart.append(
        svg('rect', { x: bar.x, y: bar.y, width: bar.w, height: rejectedHeight, class: 'bar-rejections' }),
      );
    }
  });
  if (points.length > 0) {
    const first = new Date(points[0]!.atMs).toISOString().slice(11, 16);
    const last = new Date(points[points.length - 1]!.atMs).toISOString().slice(11, 16);
    chart.append(svg('text', { x: 0, y: height + 16, class: 'tick' }, `${first} UTC, a day ago`));
    chart.append(
      svg(
        'text',
        { x: width, y: height + 16, class: 'tick', 'text-anchor': 'end' },
        `${last} UTC, this hour`,
      ),
    );
  }
  return chart;
}

async function usagePanel(context: ViewContext, tenantId: string): Promise<HTMLElement> {
  const answer = await context.api.get(ROUTES.usage(tenantId), {
    startTime: new Date(context.nowMs - USAGE_WINDOW_MS).toISOString(),
  });
  const summary = usageSummaryOf(recordsOf(answer.buckets));
  return h(
    'div',
    { class: 'usage', 'data-tenant': tenantId },
    h('h3', {}, `Usage of ${tenantId}, last 24 hours`),
    h(
      'dl',
      { class: 'figures' },
      h(
        'div',
        {},
        h('dt', {}, 'Requests'),
        h('dd', { 'data-figure': 'requests' }, formatCount(summary.requests)),
      ),
      h('div', {}, h('dt', {}, 'Texts'), h('dd', { 'data-figure': 'texts' }, formatCount(summary.texts))),
      h(
        'div',
        {},
        h('dt', {}, 'Rejections'),
        h(
          'dd',
          { 'data-figure': 'rejections' },
          formatCount(summary.rejectionsByReason.reduce((sum, entry) => sum + entry.count, 0)),
        ),
      ),
    ),
    summary.points.length === 0
      ? emptyNote('No usage recorded in the last 24 hours.')
      : usageChart(hourlySlots(summary.points, context.nowMs)),
    summary.points.length === 0
      ? undefined
      : h(
          'p',
          { class: 'legend' },
          h('span', { class: 'key-texts' }, 'texts per hour'),
          h('span', { class: 'key-rejections' }, 'rejected'),
        ),
    h('h4', {}, 'Rejections by reason'),
    summary.rejectionsByReason.length === 0
      ? emptyNote('None.')
      : table(
          'Rejections by reason',
          ['Reason', 'Count'],
          summary.rejectionsByReason.map((entry) => [entry.reason, formatCount(entry.count)]),
        ),
  );
}

/** Tenants with their limits, a page at a time; the selected one's usage over the last day as a chart and rejections by reason. */
export async function tenantsView(context: ViewContext): Promise<HTMLElement> {
  const listed = await readPages(
    context.api,
    ROUTES.tenants,
    { pageSize: TENANT_PAGE },
    'tenants',
    context.pages,
  );
  const tenants = listed.records;
  const section = h(
    'section',
    { 'aria-labelledby': 'tenants-title' },
    h('h2', { id: 'tenants-title' }, 'Tenants'),
  );
  if (tenants.length === 0) {
    section.append(emptyNote('No tenant is configured (a tenants file or Admin.CreateTenant adds them).'));
    return section;
  }
  const selected = tenants.some((tenant) => tenant.id === context.selectedTenant)
    ? context.selectedTenant!
    : String(tenants[0]!.id);
  section.append(
    table(
      'Tenants',
      ['Tenant', 'Name', 'Weight', 'Limits', 'Models', 'State', ''],
      tenants.map((tenant) => [
        h('strong', {}, textOf(tenant.id)),
        textOf(tenant.displayName),
        textOf(tenant.weight ?? 1),
        limitsOf(tenant),
        (tenant.allowedModels as string[] | undefined)?.join(', ') || 'all',
        tenant.disabled ? 'disabled' : 'enabled',
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-pressed': tenant.id === selected ? 'true' : 'false',
            onclick: () => context.selectTenant(String(tenant.id)),
          },
          'Usage',
        ),
      ]),
    ),
    pagingFooter(context, listed, 'tenants by id'),
    await usagePanel(context, selected),
  );
  return section;
}
