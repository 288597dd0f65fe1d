// A catalog entry that pins an exact commit: pulled at that commit whatever the branch says, and another commit
// refused, naming both, unless the caller allows it (`models pull --revision X --allow-unpinned`).
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FAKE_COMMIT, FAKE_REPO, type FakeHub } from '@sieve/testing';
import {
  MODEL_CATALOG,
  UnpinnedCommitError,
  pullModel,
  resolveModelSource,
  type ModelSource,
} from '../src/index.ts';
import { fakeHubSuite } from './support/fake-hub-suite.ts';

const pinnedTo = (commit: string): ModelSource => ({
  ...resolveModelSource(FAKE_REPO),
  pinnedCommit: commit,
  pinNote: 'pinned in this test',
});

describe('pinned pulls against a loopback hub', () => {
  const suite = fakeHubSuite('pinned');
  let hub: FakeHub;
  let store: string;
  beforeEach(() => {
    ({ hub, store } = suite);
  });

  it('fetches the pinned commit itself, not what the branch points to', async () => {
    const pulled = await pullModel({
      source: pinnedTo(FAKE_COMMIT),
      endpoint: hub.endpoint,
      modelsDir: store,
    });
    assert.deepEqual(pulled.manifest.source, {
      repo: FAKE_REPO,
      revision: FAKE_COMMIT,
      requestedRevision: FAKE_COMMIT,
    });
    assert.ok(
      hub.requests.every((request) => !request.path.includes('/resolve/main/')),
      'no request asked the branch',
    );
  });

  it('refuses another commit, naming both, and takes it only when allowed', async () => {
    const pin = 'ab'.repeat(20);
    await assert.rejects(
      pullModel({ source: pinnedTo(pin), endpoint: hub.endpoint, modelsDir: store, revision: 'main' }),
      (error: unknown) => {
        assert.ok(error instanceof UnpinnedCommitError);
        assert.equal(error.pinnedCommit, pin);
        assert.equal(error.requestedCommit, FAKE_COMMIT);
        assert.match(
          error.message,
          new RegExp(`pins commit ${pin}, but this pull would fetch main \\(commit ${FAKE_COMMIT}\\)`),
        );
        assert.match(error.message, /--allow-unpinned/);
        return true;
      },
    );
    await assert.rejects(
      pullModel({ source: pinnedTo(pin), endpoint: hub.endpoint, modelsDir: store, revision: FAKE_COMMIT }),
      UnpinnedCommitError,
    );
    const allowed = await pullModel({
      source: pinnedTo(pin),
      endpoint: hub.endpoint,
      modelsDir: store,
      revision: FAKE_COMMIT,
      allowUnpinned: true,
    });
    assert.equal(allowed.manifest.source.revision, FAKE_COMMIT);
    // What the store now records is still not the pin: a later plain pull says so rather than serving it silently.
    await assert.rejects(
      pullModel({ source: pinnedTo(pin), endpoint: hub.endpoint, modelsDir: store }),
      UnpinnedCommitError,
    );
  });

  it('makes every catalog entry say whether it is pinned, and never with a partial id', () => {
    for (const entry of MODEL_CATALOG) {
      assert.ok(entry.pinnedCommit === null || /^[0-9a-f]{40}$/.test(entry.pinnedCommit), entry.name);
      assert.ok(entry.pinNote.length > 0);
    }
    assert.equal(resolveModelSource('acme/spam').pinnedCommit, null);
  });
});
