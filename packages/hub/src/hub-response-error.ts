import { HubError } from './hub-error.ts';

export interface HubResponseErrorDetails {
  status: number;
  repo: string;
  revision: string;
  file: string;
  /** The hub's `x-error-code` header (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo), when sent. */
  errorCode?: string | undefined;
  /** Whether the request carried a token, which changes what a 401/403 means. */
  withToken: boolean;
}

/** The hub answered, but not with the file: 401/403/404 and server errors, each with the fix it suggests. */
export class HubResponseError extends HubError {
  readonly status: number;
  readonly repo: string;
  readonly revision: string;
  readonly file: string;
  readonly errorCode: string | undefined;

  constructor(details: HubResponseErrorDetails) {
    super(describe(details));
    this.name = 'HubResponseError';
    this.status = details.status;
    this.repo = details.repo;
    this.revision = details.revision;
    this.file = details.file;
    this.errorCode = details.errorCode;
  }

  /** Server-side and rate-limit failures may pass; a missing or forbidden file will not. */
  get transient(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

function describe({ status, repo, revision, file, errorCode, withToken }: HubResponseErrorDetails): string {
  const where = `${file} of ${repo} at revision ${revision}`;
  if (errorCode === 'MissingRepoCommit') {
    return (
      `the hub did not say which commit revision ${revision} of ${repo} is (no x-repo-commit header on ${file}); ` +
      `pass --revision <full 40-hex commit id>`
    );
  }
  if (errorCode === 'TooManyRedirects') return `too many redirects fetching ${where} (last HTTP ${status})`;
  if (errorCode === 'RepoNotFound' || (status === 401 && !errorCode && !withToken)) {
    return withToken
      ? `repository ${repo} not found on the Hugging Face Hub, or HF_TOKEN has no access to it (HTTP ${status})`
      : `repository ${repo} not found on the Hugging Face Hub, or it is private: check the name, or set HF_TOKEN ` +
          `to a token with access (HTTP ${status})`;
  }
  if (errorCode === 'RevisionNotFound') return `revision ${revision} not found in ${repo} (HTTP ${status})`;
  if (errorCode === 'GatedRepo' || status === 403) {
    return withToken
      ? `access to ${where} is forbidden for HF_TOKEN: the repository may be gated (accept its terms on the hub) ` +
          `or the token lacks read access (HTTP ${status})`
      : `access to ${where} is forbidden: the repository may be gated; set HF_TOKEN to a token with access ` +
          `(HTTP ${status})`;
  }
  if (status === 401) {
    return withToken
      ? `HF_TOKEN was rejected for ${where} (HTTP 401): check that the token is valid`
      : `${where} needs authentication (HTTP 401): set HF_TOKEN to a token with access`;
  }
  if (status === 404 || errorCode === 'EntryNotFound')
    return `${where} not found on the hub (HTTP ${status})`;
  return `the Hugging Face Hub answered HTTP ${status} for ${where}`;
}
