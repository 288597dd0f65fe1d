// Tests start the services compiled (dist/), as images run them; development runs them from the TypeScript sources
// through tsx, whose start-up differs: the loader is registered in the process and again in every inference thread.
// One cluster from the sources keeps that path working.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextClassifier } from '@sieve/runtime';
import { SieveCluster, tinyModelDir } from '@sieve/testing';

describe('services run from their TypeScript sources (development)', { timeout: 120_000 }, () => {
  let cluster: SieveCluster;
  let local: TextClassifier;

  before(async () => {
    const modelDir = await tinyModelDir();
    local = await TextClassifier.load(modelDir, { intraOpThreads: 1 });
    cluster = await SieveCluster.start({ modelDir, build: 'sources', workerEnv: { SIEVE_SESSIONS: '2' } });
  });

  after(async () => {
    await cluster?.stop();
    await local?.close();
  });

  it('answer as the in-process runtime does, with inference on threads that loaded tsx', async () => {
    const texts = ['the sources are served', 'y también en español', '同じ答え'];
    const response = await cluster.classify({ model: 'tiny', texts });
    const expected = await local.classify(texts);
    assert.equal(response.results.length, texts.length);
    response.results.forEach((result, i) => {
      assert.equal(result.tokenCount, expected[i]!.tokenCount);
      for (const label of expected[i]!.labels) {
        const got = result.labels.find((l) => l.label === label.label)!;
        assert.ok(Math.abs(got.score - label.score) < 1e-5, `text ${i} ${label.label}`);
      }
    });
  });
});
