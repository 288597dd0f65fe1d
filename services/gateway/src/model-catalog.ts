import type { ServedModel, WorkerAnnouncement, WorkerRegistry } from '@sieve/queue';

export interface CatalogEntry extends ServedModel {
  /** "name@version": the queue and the name responses report. */
  ref: string;
  workers: number;
  executionProviders: string[];
  isDefault: boolean;
}

/**
 * The models some worker serves right now, refreshed from the worker registry. Requests resolve "name",
 * "name@version" or "name@sha256:..." here before anything is enqueued, so an unknown model never reaches Redis.
 */
export class ModelCatalog {
  private entries = new Map<string, CatalogEntry>();
  private readonly registry: WorkerRegistry;
  private readonly onChange: (models: CatalogEntry[]) => void;
  private timer?: NodeJS.Timeout;
  private reachable = false;
  /** When each model name was last served: a model whose workers all vanished is "not serving", not "not found". */
  private readonly lastServed = new Map<string, number>();

  constructor(registry: WorkerRegistry, onChange: (models: CatalogEntry[]) => void = () => undefined) {
    this.registry = registry;
    this.onChange = onChange;
  }

  async start(refreshMs: number): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), refreshMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** False while Redis cannot be read: the catalog then reports nothing as served. */
  get backendReachable(): boolean {
    return this.reachable;
  }

  async refresh(): Promise<void> {
    let workers: WorkerAnnouncement[];
    try {
      workers = await this.registry.list();
      this.reachable = true;
    } catch {
      workers = [];
      this.reachable = false;
    }
    const next = new Map<string, CatalogEntry>();
    for (const worker of workers) {
      for (const model of worker.models) {
        const ref = `${model.name}@${model.version}`;
        const entry = next.get(ref);
        if (entry) {
          entry.workers += 1;
          if (!entry.executionProviders.includes(model.executionProvider))
            entry.executionProviders.push(model.executionProvider);
        } else {
          next.set(ref, {
            ...model,
            ref,
            workers: 1,
            executionProviders: [model.executionProvider],
            isDefault: false,
          });
        }
      }
    }
    // The default version of a name is the highest version served (numeric-aware), until a registry says otherwise.
    const byName = new Map<string, CatalogEntry[]>();
    for (const entry of next.values()) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
    for (const versions of byName.values()) {
      versions.sort((a, b) => b.version.localeCompare(a.version, undefined, { numeric: true }));
      versions[0]!.isDefault = true;
    }
    const now = Date.now();
    for (const entry of next.values()) {
      for (const key of [entry.name, entry.ref, `${entry.name}@${entry.digest}`]) this.lastServed.set(key, now);
    }
    const changed = [...next.keys()].sort().join() !== [...this.entries.keys()].sort().join();
    this.entries = next;
    if (changed) this.onChange(this.list());
  }

  /** Ms since some worker last served exactly this reference (name, name@version, name@sha256:...), if ever. */
  msSinceServed(model: string): number | undefined {
    const seen = this.lastServed.get(model);
    return seen === undefined ? undefined : Date.now() - seen;
  }

  list(): CatalogEntry[] {
    return [...this.entries.values()].sort((a, b) => a.ref.localeCompare(b.ref));
  }

  resolve(model: string): CatalogEntry | undefined {
    const at = model.indexOf('@');
    if (at < 0) return this.list().find((entry) => entry.name === model && entry.isDefault);
    const name = model.slice(0, at);
    const selector = model.slice(at + 1);
    if (selector.startsWith('sha256:')) {
      return this.list().find((entry) => entry.name === name && entry.digest === selector);
    }
    return this.entries.get(`${name}@${selector}`);
  }
}
