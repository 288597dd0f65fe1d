import { after, afterEach, before, beforeEach } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHub } from '@sieve/testing';

/**
 * Registers, in the calling suite, a stand-in hub for the whole suite and a fresh model store per test (with the
 * hub's request log cleared). Read `hub` and `store` inside tests or later hooks.
 */
export function fakeHubSuite(name: string): { hub: FakeHub; store: string } {
  const suite = {} as { hub: FakeHub; store: string };
  before(async () => {
    suite.hub = await FakeHub.start();
  });
  after(() => suite.hub.close());
  beforeEach(async () => {
    suite.store = await mkdtemp(join(tmpdir(), `sieve-hub-${name}-`));
    suite.hub.requests.length = 0;
  });
  afterEach(() => rm(suite.store, { recursive: true, force: true }));
  return suite;
}
