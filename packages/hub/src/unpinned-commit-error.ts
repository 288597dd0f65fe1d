import { HubError } from './hub-error.ts';

/** A pull would fetch another commit than the one the catalog pins, and nobody asked for that. */
export class UnpinnedCommitError extends HubError {
  readonly repo: string;
  readonly pinnedCommit: string;
  readonly requestedCommit: string;

  constructor(repo: string, pinnedCommit: string, requestedCommit: string, requestedRevision: string) {
    const asked =
      requestedRevision === requestedCommit
        ? requestedCommit
        : `${requestedRevision} (commit ${requestedCommit})`;
    super(
      `${repo}: the catalog pins commit ${pinnedCommit}, but this pull would fetch ${asked}; ` +
        'pull the pinned commit (no --revision), or pass --allow-unpinned to take the other one on trust',
    );
    this.name = 'UnpinnedCommitError';
    this.repo = repo;
    this.pinnedCommit = pinnedCommit;
    this.requestedCommit = requestedCommit;
  }
}
