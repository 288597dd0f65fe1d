import type { ServedModel, UnservedModel, WorkerAnnouncement, WorkerRegistry } from '@sieve/queue';

/** A model some worker is assigned but does not serve: loading, or failed (with the first reason seen). */
export interface UnservedEntry extends UnservedModel {
  ref: string;
  workers: number;
}

export interface CatalogEntry extends ServedModel {
  /** "name@version": the queue and the name responses report. */
  ref: string;
  workers: number;
  executionProviders: string[];
  /** The distinct GPU adapters its workers compute on (none on CPU). */
  adapters: string[];
  isDefault: boolean;
}

/**
 * The models some worker serves right now, refreshed from the worker registry. Requests resolve "name",
 * "name@version" or "name@sha256:..." here before anything is enqueued, so an unknown model never reaches Redis.
 */
export class ModelCatalog {
  private entries = new Map<string, CatalogEntry>();
  private unservedEntries = new Map<string, UnservedEntry>();
  /** The models file's choice of default version per name, when the gateway has one. */
  private defaultOf: (name: string) => string | undefined = () => undefined;
  private readonly registry: WorkerRegistry;
  private readonly onChange: (models: CatalogEntry[]) => void;
  private timer?: NodeJS.Timeout;
  private reachable = false;
  /** The live workers as last read: the Admin API's cluster status shows them without reading Redis again. */
  private lastWorkers: readonly WorkerAnnouncement[] = [];
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
    this.lastWorkers = workers;
    const next = new Map<string, CatalogEntry>();
    const unserved = new Map<string, UnservedEntry>();
    for (const worker of workers) {
      for (const model of worker.unserved ?? []) {
        const ref = `${model.name}@${model.version}`;
        const entry = unserved.get(ref);
        // Loading anywhere means it may still come; failed only if every assigned worker failed.
        if (!entry) unserved.set(ref, { ...model, ref, workers: 1 });
        else {
          entry.workers += 1;
          if (model.state === 'loading') entry.state = 'loading';
        }
      }
      for (const model of worker.models) {
        const ref = `${model.name}@${model.version}`;
        const entry = next.get(ref);
        if (entry) {
          entry.workers += 1;
          if (!entry.executionProviders.includes(model.executionProvider))
            entry.executionProviders.push(model.executionProvider);
          if (model.adapter && !entry.adapters.includes(model.adapter)) entry.adapters.push(model.adapter);
        } else {
          next.set(ref, {
            ...model,
            ref,
            workers: 1,
            executionProviders: [model.executionProvider],
            adapters: model.adapter ? [model.adapter] : [],
            isDefault: false,
          });
        }
      }
    }
    // The default version of a name is the highest version served (numeric-aware), until a registry says otherwise.
    const byName = new Map<string, CatalogEntry[]>();
    for (const entry of next.values()) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
    for (const [name, versions] of byName) {
      versions.sort((a, b) => b.version.localeCompare(a.version, undefined, { numeric: true }));
      const chosen = this.defaultOf(name);
      (versions.find((entry) => entry.version === chosen) ?? versions[0]!).isDefault = true;
    }
    for (const ref of next.keys()) unserved.delete(ref);
    this.unservedEntries = unserved;
    const now = Date.now();
    for (const entry of next.values()) {
      for (const key of [entry.name, entry.ref, `${entry.name}@${entry.digest}`])
        this.lastServed.set(key, now);
    }
    const fingerprint = (entries: Iterable<CatalogEntry>) =>
      [...entries]
        .map((entry) => `${entry.ref}${entry.isDefault ? '*' : ''}`)
        .sort()
        .join();
    const changed = fingerprint(next.values()) !== fingerprint(this.entries.values());
    this.entries = next;
    if (changed) this.onChange(this.list());
  }

  /** The live workers' announcements as of the last refresh (none while Redis cannot be read). */
  workers(): readonly WorkerAnnouncement[] {
    return this.lastWorkers;
  }

  /** Ms since some worker last served exactly this reference (name, name@version, name@sha256:...), if ever. */
  msSinceServed(model: string): number | undefined {
    const seen = this.lastServed.get(model);
    return seen === undefined ? undefined : Date.now() - seen;
  }

  /** Use the models file's default versions (a switch takes effect at the next refresh). */
  useDefaults(defaultOf: (name: string) => string | undefined): void {
    this.defaultOf = defaultOf;
  }

  /** Assigned models that no worker serves yet (loading) or could not load (failed). */
  listUnserved(): UnservedEntry[] {
    return [...this.unservedEntries.values()].sort((a, b) => a.ref.localeCompare(b.ref));
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
