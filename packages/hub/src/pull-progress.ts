/** What a pull reports while it runs, for a progress display. Sizes are bytes. */
export type PullProgressEvent =
  | {
      type: 'resolved';
      repo: string;
      /** The revision asked for, or the one a previous pull recorded. */
      revision: string;
      commit: string;
      /** The version directory the files go to. */
      dir: string;
      /** True when the commit came from an earlier pull's manifest rather than from the hub. */
      pinned: boolean;
    }
  | { type: 'file-start'; path: string; totalBytes: number | undefined; resumedFrom: number }
  | { type: 'file-progress'; path: string; receivedBytes: number; totalBytes: number | undefined }
  | { type: 'file-retry'; path: string; attempt: number; reason: string }
  | {
      type: 'file-done';
      path: string;
      size: number;
      sha256: string;
      /** `verified`: already on disk and matching; `downloaded`: fetched now (possibly resumed); `converted`: made
       * here from another file (the fp16 graph from the fp32 one, where the repository has none). */
      outcome: 'verified' | 'downloaded' | 'converted';
    }
  | { type: 'file-skipped'; path: string; reason: string };
