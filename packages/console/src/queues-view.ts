import { ROUTES } from './console-api.ts';
import { enumLabel, formatCount, formatSeconds, secondsOfDuration } from './display-values.ts';
import { emptyNote, h, table } from './element-builder.ts';
import { clusterStatusOf, recordsOf, textOf, type ViewContext } from './view-context.ts';

const modelRef = (model: Record<string, unknown>) => `${textOf(model.name)}@${textOf(model.version)}`;
const classOf = (entry: Record<string, unknown>) =>
  entry.batch ? 'batch job' : enumLabel(entry.priority ?? 'PRIORITY_UNSPECIFIED', 'PRIORITY_');

/** Pending texts per model, tenant and priority with the oldest wait; jobs waiting in each tenant's queue. */
export async function queuesView(context: ViewContext): Promise<HTMLElement> {
  const status = await clusterStatusOf(context, ROUTES.clusterStatus);
  const section = h(
    'section',
    { 'aria-labelledby': 'queues-title' },
    h('h2', { id: 'queues-title' }, 'Queues'),
  );
  if (!status) {
    section.append(
      emptyNote('This gateway has no cluster status route (Admin.GetClusterStatus): queues unknown.'),
    );
    return section;
  }
  const models = recordsOf(status.models);
  const pending = models.flatMap((entry) =>
    recordsOf(entry.pending).map((group) => ({
      model: modelRef((entry.model as Record<string, unknown>) ?? {}),
      group,
    })),
  );
  const queued = models.flatMap((entry) =>
    recordsOf(entry.queued).map((group) => ({
      model: modelRef((entry.model as Record<string, unknown>) ?? {}),
      group,
    })),
  );
  section.append(
    h('h3', {}, 'Texts in the workers’ batchers'),
    pending.length === 0
      ? emptyNote('Nothing is pending: every text taken has been answered.')
      : table(
          'Pending texts',
          ['Model', 'Tenant', 'Class', 'Texts', 'Oldest wait'],
          pending.map(({ model, group }) => [
            model,
            textOf(group.tenantId),
            classOf(group),
            formatCount(group.texts),
            formatSeconds(secondsOfDuration(group.oldestWait)),
          ]),
        ),
    h('h3', {}, 'Jobs in the queues'),
    queued.length === 0
      ? emptyNote('No job waits in any queue.')
      : table(
          'Queued jobs',
          ['Model', 'Tenant', 'Kind', 'Waiting', 'Active'],
          queued.map(({ model, group }) => [
            model,
            textOf(group.tenantId),
            group.batch ? 'batch chunks' : 'calls',
            formatCount(group.waiting),
            formatCount(group.active),
          ]),
        ),
  );
  if (models.some((entry) => entry.truncated))
    section.append(emptyNote('Some groups were left out (over 100 per model).'));
  return section;
}
