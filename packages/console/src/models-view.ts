import { ROUTES, type JsonRecord } from './console-api.ts';
import { enumLabel, formatAge, shortDigest } from './display-values.ts';
import { emptyNote, h, table } from './element-builder.ts';
import { clusterStatusOf, recordsOf, textOf, type ViewContext } from './view-context.ts';

/** Models and versions (state, digest, workers, providers) and the live workers serving them. */
export async function modelsView(context: ViewContext): Promise<HTMLElement> {
  const status = await clusterStatusOf(context, ROUTES.clusterStatus);
  const statusModels = recordsOf(status?.models);
  // Without GetClusterStatus, the public Models.List still says what is served.
  const models: JsonRecord[] = status
    ? statusModels.map((entry) => (entry.model as JsonRecord | undefined) ?? {})
    : recordsOf((await context.api.get(ROUTES.models)).models);
  const workers = recordsOf(status?.workers);
  const section = h(
    'section',
    { 'aria-labelledby': 'models-title' },
    h('h2', { id: 'models-title' }, 'Models and versions'),
    models.length === 0
      ? emptyNote('No model is served or configured yet: start a worker with a model.')
      : table(
          'Models',
          ['Model', 'Version', 'State', 'Digest', 'Workers', 'Providers', 'Adapters', 'Default'],
          models.map((model) => [
            h('strong', {}, textOf(model.name)),
            textOf(model.version),
            h(
              'span',
              { class: `state state-${enumLabel(model.state, 'MODEL_STATE_')}` },
              enumLabel(model.state, 'MODEL_STATE_'),
            ),
            h('code', { title: textOf(model.digest) }, shortDigest(model.digest)),
            String(Number(model.workerCount ?? 0)),
            (model.executionProviders as string[] | undefined)?.join(', ') || '—',
            (model.adapters as string[] | undefined)?.join(', ') || '—',
            model.defaultVersion ? 'yes' : '',
          ]),
        ),
  );
  if (status) {
    section.append(
      h('h3', {}, 'Live workers'),
      workers.length === 0
        ? emptyNote('No worker has sent a heartbeat in its lease.')
        : table(
            'Workers',
            ['Worker', 'Pool', 'Serves', 'Last heartbeat'],
            workers.map((worker) => [
              h('code', {}, textOf(worker.id)),
              textOf(worker.pool),
              recordsOf(worker.models)
                .map((served) =>
                  [served.model, served.executionProvider, served.adapter].filter((part) => part).join(' · '),
                )
                .join('; ') || '—',
              formatAge(worker.heartbeatTime, context.nowMs),
            ]),
          ),
    );
    if (status.truncated)
      section.append(emptyNote('The cluster status left some models or workers out (over 500).'));
  }
  return section;
}
