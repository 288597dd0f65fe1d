import { ROUTES } from './console-api.ts';
import { enumLabel, formatAge, formatCount, shortDigest } from './display-values.ts';
import { emptyNote, h, table } from './element-builder.ts';
import { recordsOf, textOf, type ViewContext } from './view-context.ts';

/** One tenant's heads (Admin.ListHeads needs a tenant): versions, state, base model, examples. */
export async function headsView(context: ViewContext): Promise<HTMLElement> {
  const tenants = recordsOf((await context.api.get(ROUTES.tenants, { pageSize: 200 })).tenants);
  const section = h('section', { 'aria-labelledby': 'heads-title' }, h('h2', { id: 'heads-title' }, 'Heads'));
  if (tenants.length === 0) {
    section.append(emptyNote('No tenant is configured.'));
    return section;
  }
  const selected = tenants.some((tenant) => tenant.id === context.selectedTenant)
    ? context.selectedTenant!
    : String(tenants[0]!.id);
  const picker = h(
    'select',
    {
      id: 'heads-tenant',
      onchange: (event: Event) => context.selectTenant((event.target as HTMLSelectElement).value),
    },
    ...tenants.map((tenant) =>
      h('option', { value: String(tenant.id), selected: tenant.id === selected }, String(tenant.id)),
    ),
  );
  section.append(h('label', { for: 'heads-tenant', class: 'picker' }, 'Tenant ', picker));
  const answer = await context.api.get(ROUTES.heads(selected));
  const heads = recordsOf(answer.heads);
  section.append(
    heads.length === 0
      ? emptyNote(`Tenant ${selected} has trained no head.`)
      : table(
          'Heads',
          ['Head', 'Base model', 'Base digest', 'State', 'Examples', 'Labels', 'Created'],
          heads.map((head) => [
            h('code', {}, textOf(head.model)),
            `${textOf(head.baseModel)}@${textOf(head.baseVersion)}`,
            shortDigest(head.baseDigest),
            enumLabel(head.state, 'HEAD_STATE_') + (head.stateReason ? ` (${String(head.stateReason)})` : ''),
            formatCount(head.exampleCount),
            (head.labels as string[] | undefined)?.join(', ') || '—',
            formatAge(head.createTime, context.nowMs),
          ]),
        ),
  );
  if (answer.truncated) section.append(emptyNote('Only the newest 1000 versions are listed.'));
  return section;
}
