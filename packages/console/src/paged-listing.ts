// The Admin listings (tenants, batch jobs) answer a page at a time with a next_page_token. A view shows its first
// page and, each time the operator asks for more, one page further; since every view is read again every few
// seconds, it re-reads as many pages as it shows, each from the token the one before handed out.
import type { ConsoleApi, JsonRecord } from './console-api.ts';
import { h } from './element-builder.ts';
import { recordsOf, type ViewContext } from './view-context.ts';

export interface ListedPages {
  records: JsonRecord[];
  /** The last page read handed out a token: there is more to load. */
  more: boolean;
}

/** The first `pages` pages of the listing at `path`, its records under `field` (`tenants`, `batches`). */
export async function readPages(
  api: ConsoleApi,
  path: string,
  query: Record<string, string | number>,
  field: string,
  pages: number,
): Promise<ListedPages> {
  const records: JsonRecord[] = [];
  let pageToken: string | undefined;
  for (let read = 0; read < pages; read++) {
    const answer = await api.get(path, { ...query, pageToken });
    records.push(...recordsOf(answer[field]));
    pageToken = typeof answer.nextPageToken === 'string' ? answer.nextPageToken : '';
    if (pageToken === '') return { records, more: false };
  }
  return { records, more: true };
}

/** What a paged table shows under it: how many rows, and a button for the next page while there is one. */
export function pagingFooter(context: ViewContext, listed: ListedPages, what: string): HTMLElement {
  return h(
    'p',
    { class: 'paging note' },
    listed.more
      ? `Showing the first ${listed.records.length} ${what}. `
      : `Showing all ${listed.records.length} ${what}. `,
    listed.more
      ? h('button', { type: 'button', class: 'link', onclick: () => context.loadMore() }, 'Load more')
      : undefined,
  );
}
