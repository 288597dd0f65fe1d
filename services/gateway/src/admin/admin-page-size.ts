// The Admin API's list calls (ListTenants, ListBatches) page alike: a caller's page_size of 0 asks for the default,
// and the bound keeps one call's work and answer small whatever the cluster holds.

export const DEFAULT_ADMIN_PAGE_SIZE = 100;
export const MAX_ADMIN_PAGE_SIZE = 1000;

/** The field violation for a page_size out of bounds, or undefined for one in bounds. */
export function pageSizeViolation(pageSize: number): { field: string; description: string } | undefined {
  if (pageSize >= 0 && pageSize <= MAX_ADMIN_PAGE_SIZE) return undefined;
  return {
    field: 'page_size',
    description: `must be 0..${MAX_ADMIN_PAGE_SIZE} (0 means ${DEFAULT_ADMIN_PAGE_SIZE}), got ${pageSize}`,
  };
}

/** The page size a checked page_size asks for. */
export function adminPageSize(pageSize: number): number {
  return pageSize || DEFAULT_ADMIN_PAGE_SIZE;
}
