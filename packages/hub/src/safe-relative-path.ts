/**
 * Whether a '/'-separated path stays inside the directory it is joined to. Manifest paths are read from disk and
 * must never name a file elsewhere (`../`, absolute paths, Windows separators).
 */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
