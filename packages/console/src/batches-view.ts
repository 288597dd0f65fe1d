import { ROUTES, type JsonRecord } from './console-api.ts';
import { batchProgressOf } from './batch-progress.ts';
import { enumLabel, formatAge, formatCount, formatSeconds } from './display-values.ts';
import { emptyNote, h, table } from './element-builder.ts';
import { pagingFooter, readPages } from './paged-listing.ts';
import { textOf, type ViewContext } from './view-context.ts';

/** Batch jobs a page of the cross-tenant listing holds; Load more adds the next. */
const BATCH_PAGE = 100;

async function cancel(context: ViewContext, tenantId: string, batch: JsonRecord, button: HTMLButtonElement) {
  const label = batch.displayName ? `"${String(batch.displayName)}" (${String(batch.id)})` : String(batch.id);
  // The browser's own dialog: it cannot be styled into looking like something else, and it blocks a double click.
  if (!window.confirm(`Cancel batch ${label} of tenant ${tenantId}? Chunks not yet started will not run.`))
    return;
  button.disabled = true;
  button.textContent = 'Cancelling…';
  try {
    await context.api.post(ROUTES.cancelBatch(tenantId, String(batch.id)));
  } catch (error) {
    context.notify(`Batch ${String(batch.id)} was not cancelled: ${(error as Error).message}`);
  }
  context.refresh();
}

/** Batch jobs across tenants, newest first, a page at a time: progress, ETA, and a cancel that asks first. */
export async function batchesView(context: ViewContext): Promise<HTMLElement> {
  const listed = await readPages(
    context.api,
    ROUTES.batches,
    { pageSize: BATCH_PAGE },
    'batches',
    context.pages,
  );
  const entries = listed.records;
  const section = h(
    'section',
    { 'aria-labelledby': 'batches-title' },
    h('h2', { id: 'batches-title' }, 'Batch jobs'),
  );
  // A page can come back empty with a token (the listing reads a bounded window of its index per call).
  if (entries.length === 0 && !listed.more) {
    section.append(emptyNote('No batch job in any tenant.'));
    return section;
  }
  section.append(
    table(
      'Batch jobs',
      ['Tenant', 'Batch', 'Model', 'State', 'Progress', 'ETA', 'Created', ''],
      entries.map((entry) => {
        const tenantId = String(entry.tenantId ?? '');
        const batch = (entry.batch as JsonRecord | undefined) ?? {};
        const progress = batchProgressOf(batch, context.nowMs);
        const state = enumLabel(batch.state, 'BATCH_STATE_');
        const button = h('button', { type: 'button', class: 'danger' }, 'Cancel') as HTMLButtonElement;
        button.addEventListener('click', () => {
          void cancel(context, tenantId, batch, button);
        });
        return [
          tenantId,
          h('code', { 'data-batch': textOf(batch.id) }, textOf(batch.displayName || batch.id)),
          textOf(batch.model),
          h('span', { class: `state state-${state}`, 'data-state': state }, state),
          h(
            'div',
            { class: 'progress' },
            h('progress', { max: 100, value: progress.percent, 'aria-label': `${progress.percent}% done` }),
            h(
              'span',
              {},
              `${formatCount(progress.done)} / ${formatCount(progress.total)}` +
                (progress.failed > 0 ? ` (${formatCount(progress.failed)} failed)` : ''),
            ),
          ),
          progress.finished ? '—' : formatSeconds(progress.etaSeconds),
          formatAge(batch.createTime, context.nowMs),
          progress.finished ? '' : button,
        ];
      }),
    ),
  );
  section.append(pagingFooter(context, listed, 'batch jobs, newest first'));
  return section;
}
