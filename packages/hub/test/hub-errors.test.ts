import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { HubResponseError, HubUnreachableError, UnknownModelError, pullModel } from '../src/index.ts';
import type { FakeHub } from '@sieve/testing';
import { FAKE_COMMIT } from '@sieve/testing';
import { fakeHubSuite } from './support/fake-hub-suite.ts';

/** A loopback port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function assertOneLine(error: unknown): asserts error is Error {
  assert.ok(error instanceof Error);
  assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
}

describe('errors a user can act on', () => {
  const suite = fakeHubSuite('errors');
  let hub: FakeHub;
  let store: string;
  beforeEach(() => {
    ({ hub, store } = suite);
  });

  it('a refused connection is one line naming the endpoint, the reason and the offline alternatives', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    await assert.rejects(pullModel({ endpoint, modelsDir: store }), (error: unknown) => {
      assertOneLine(error);
      assert.ok(error instanceof HubUnreachableError);
      assert.match(
        error.message,
        /^cannot reach the Hugging Face Hub at http:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED /,
      );
      assert.match(error.message, /SIEVE_MODEL_DIR=\/path\/to\/model/);
      assert.match(error.message, /pnpm sieve models synth --preset distilbert-multilingual --out models\//);
      return true;
    });
    assert.deepEqual(await readdir(store), [], 'nothing written');
  });

  it('an unresolvable host is one line with the DNS error', async () => {
    await assert.rejects(
      pullModel({ endpoint: 'http://hub.invalid', modelsDir: store }),
      (error: unknown) => {
        assertOneLine(error);
        assert.ok(error instanceof HubUnreachableError);
        assert.match(
          error.message,
          /^cannot reach the Hugging Face Hub at http:\/\/hub\.invalid \(getaddrinfo \w+ hub\.invalid\)/,
        );
        return true;
      },
    );
  });

  it('a hub that never answers times out within the configured bound', async () => {
    hub.hang = true;
    try {
      await assert.rejects(
        pullModel({ endpoint: hub.endpoint, modelsDir: store, timeoutMs: 300 }),
        (error: unknown) => {
          assertOneLine(error);
          assert.ok(error instanceof HubUnreachableError);
          assert.match(error.message, /\(no response within 0\.3 s\)/);
          return true;
        },
      );
    } finally {
      hub.hang = false;
    }
  });

  it('a file missing from the repository is a 404 naming repo, revision and file', async () => {
    const original = hub.files.get('special_tokens_map.json')!;
    hub.files.delete('special_tokens_map.json');
    try {
      await assert.rejects(pullModel({ endpoint: hub.endpoint, modelsDir: store }), (error: unknown) => {
        assertOneLine(error);
        assert.ok(error instanceof HubResponseError);
        assert.equal(error.status, 404);
        assert.equal(
          error.message,
          `special_tokens_map.json of Xenova/distilbert-base-multilingual-cased-sentiments-student at revision ` +
            `${FAKE_COMMIT} not found on the hub (HTTP 404)`,
        );
        return true;
      });
    } finally {
      hub.files.set('special_tokens_map.json', original);
    }
  });

  it('an unknown revision and an unknown repository say so', async () => {
    await assert.rejects(
      pullModel({ endpoint: hub.endpoint, modelsDir: store, revision: 'no-such-branch' }),
      /^HubResponseError: revision no-such-branch not found in Xenova\/\S+ \(HTTP 404\)$/,
    );
    await assert.rejects(
      pullModel({ model: 'nobody/nothing', endpoint: hub.endpoint, modelsDir: store }),
      /^HubResponseError: repository nobody\/nothing not found on the Hugging Face Hub, or it is private: .*HF_TOKEN/,
    );
    assert.throws(() => {
      throw new UnknownModelError('x', ['a']);
    }, /unknown model "x"/);
    await assert.rejects(pullModel({ model: 'not a model', modelsDir: store }), UnknownModelError);
  });

  it('sends HF_TOKEN as a Bearer token, and says when one is needed', async () => {
    hub.token = 'hf_test_token';
    try {
      await assert.rejects(pullModel({ endpoint: hub.endpoint, modelsDir: store }), (error: unknown) => {
        assertOneLine(error);
        assert.ok(error instanceof HubResponseError);
        assert.equal(error.status, 401);
        assert.match(error.message, /set HF_TOKEN to a token with access/);
        return true;
      });
      process.env.HF_TOKEN = 'hf_wrong';
      await assert.rejects(pullModel({ endpoint: hub.endpoint, modelsDir: store }), /HF_TOKEN was rejected/);
      process.env.HF_TOKEN = 'hf_test_token';
      hub.requests.length = 0;
      const pulled = await pullModel({ endpoint: hub.endpoint, modelsDir: store });
      assert.ok(pulled.manifest.files['onnx/model.onnx']);
      const toHub = hub.requests.filter((request) => request.path.includes('/resolve/'));
      assert.ok(toHub.length >= 5);
      assert.ok(toHub.every((request) => request.authorization === 'Bearer hf_test_token'));
    } finally {
      hub.token = undefined;
      delete process.env.HF_TOKEN;
    }
  });
});
