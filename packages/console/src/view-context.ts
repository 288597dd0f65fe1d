import type { ConsoleApi, JsonRecord } from './console-api.ts';
import { ConsoleApiError } from './console-api.ts';

/** What every view gets: the API, the time it renders at, and choices that outlive a refresh. */
export interface ViewContext {
  api: ConsoleApi;
  nowMs: number;
  /** The tenant whose usage the tenants view shows. */
  selectedTenant: string | undefined;
  selectTenant(id: string): void;
  /** Pages of a paged table the view shows: 1, and one more each time the operator loads more. */
  pages: number;
  /** Shows one page more of the view's paged table (until the operator goes to another view). */
  loadMore(): void;
  /** Renders the current view again (after a cancel, a selection). */
  refresh(): void;
  /** Shows a message above the view until the next one (a refused cancel). */
  notify(message: string): void;
}

export type View = (context: ViewContext) => Promise<HTMLElement>;

/**
 * GetClusterStatus, or undefined where the gateway has no such route yet (404 without a gRPC status): the views
 * that only add detail from it still show what the public routes give. A refused token still throws.
 */
export async function clusterStatusOf(context: ViewContext, path: string): Promise<JsonRecord | undefined> {
  try {
    return await context.api.get(path);
  } catch (error) {
    if (
      error instanceof ConsoleApiError &&
      (error.httpStatus === 404 || error.grpcStatus === 'UNIMPLEMENTED')
    ) {
      return undefined;
    }
    throw error;
  }
}

export const recordsOf = (value: unknown): JsonRecord[] =>
  Array.isArray(value)
    ? value.filter((item): item is JsonRecord => typeof item === 'object' && item !== null)
    : [];

export const textOf = (value: unknown): string =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : '—';
