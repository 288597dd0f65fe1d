import type { PendingText } from './pending-text.ts';
import type { PriorityClass } from './pending-pool.ts';

/** Texts pending for one tenant in one priority class, and when the oldest of them arrived. */
export interface PendingGroup {
  /** '' for texts that carry no tenant. */
  tenant: string;
  priority: number;
  texts: number;
  /** `enqueuedAt` of the oldest text of the group. */
  oldestEnqueuedAt: number;
}

/**
 * The pool's backlog by tenant and priority class, most texts first, at most `limit` groups: what an operator reads
 * to see who is queued where. `truncated` says some groups were left out; their texts still count nowhere else.
 */
export function pendingBacklog<T extends PendingText>(
  classes: readonly PriorityClass<T>[],
  limit: number,
): { groups: PendingGroup[]; truncated: boolean } {
  const groups: PendingGroup[] = [];
  for (const priorityClass of classes) {
    const byTenant = new Map<string, PendingGroup>();
    // Oldest first, so a group's first text is its oldest.
    for (const { item } of priorityClass.byArrival) {
      const tenant = item.tenant ?? '';
      const group = byTenant.get(tenant);
      if (group) group.texts += 1;
      else {
        byTenant.set(tenant, {
          tenant,
          priority: priorityClass.priority,
          texts: 1,
          oldestEnqueuedAt: item.enqueuedAt,
        });
      }
    }
    groups.push(...byTenant.values());
  }
  groups.sort(
    (a, b) =>
      b.texts - a.texts ||
      a.priority - b.priority ||
      a.oldestEnqueuedAt - b.oldestEnqueuedAt ||
      a.tenant.localeCompare(b.tenant),
  );
  return { groups: groups.slice(0, limit), truncated: groups.length > limit };
}
