import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { orderedChunkCalls } from '../src/ordered-chunk-calls.ts';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function* texts(count: number): AsyncGenerator<string> {
  for (let i = 0; i < count; i++) yield `t${i}`;
}

describe('orderedChunkCalls', () => {
  it('sends chunks of at most chunkSize, at most inFlight at once, and emits in input order', async () => {
    const sizes: number[] = [];
    const emitted: string[] = [];
    let open = 0;
    let mostOpen = 0;
    await orderedChunkCalls(
      texts(600),
      { chunkSize: 256, inFlight: 2 },
      async (chunk) => {
        sizes.push(chunk.length);
        open += 1;
        mostOpen = Math.max(mostOpen, open);
        // Later calls answer first: order must come from the input, not from completion.
        await settle(chunk.length === 256 && sizes.length === 1 ? 30 : 1);
        open -= 1;
        return chunk.map((text) => text.toUpperCase());
      },
      (chunk, answers) => {
        assert.equal(answers.length, chunk.length);
        emitted.push(...answers);
      },
    );
    assert.deepEqual(sizes, [256, 256, 88]);
    assert.ok(mostOpen <= 2, `at most 2 calls in flight, saw ${mostOpen}`);
    assert.deepEqual(
      emitted,
      Array.from({ length: 600 }, (_, i) => `T${i}`),
    );
  });

  it('stops at the first failed call, emits nothing after it, and leaves no rejection unhandled', async () => {
    const emitted: number[] = [];
    let calls = 0;
    await assert.rejects(
      orderedChunkCalls(
        texts(10),
        { chunkSize: 2, inFlight: 3 },
        async (chunk) => {
          calls += 1;
          if (chunk[0] === 't2') throw new Error('second call failed');
          if (chunk[0] === 't4') throw new Error('third call failed too');
          return chunk.length;
        },
        (_chunk, answer) => {
          emitted.push(answer);
        },
      ),
      /second call failed/,
    );
    assert.deepEqual(emitted, [2]);
    assert.ok(calls <= 4, `reading stopped after the failure (${calls} calls)`);
  });

  it('sends nothing for no input', async () => {
    let calls = 0;
    await orderedChunkCalls(
      [],
      { chunkSize: 5, inFlight: 2 },
      async () => (calls += 1),
      () => undefined,
    );
    assert.equal(calls, 0);
  });
});
