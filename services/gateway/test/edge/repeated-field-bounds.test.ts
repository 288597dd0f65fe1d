import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type protobuf from 'protobufjs';
import {
  RepeatedFieldBounds,
  withoutField,
  type RepeatedFieldBound,
} from '../../src/edge/repeated-field-bounds.ts';
import { requestTypeOf } from '../../src/edge/request-message-types.ts';

const classifyRequest = requestTypeOf('/sieve.v1.Inference/Classify')!;
const streamRequest = requestTypeOf('/sieve.v1.Inference/ClassifyStream')!;
const texts = (max: number): RepeatedFieldBound => ({
  path: ['texts'],
  max,
  field: 'texts',
  noun: 'texts',
  per: 'call',
});
const encode = (type: protobuf.Type, value: object) =>
  Buffer.from(type.encode(type.fromObject(value)).finish());
/** A tag of wire type 7: no decoder gets past it. */
const UNDECODABLE = Buffer.from([(1 << 3) | 7]);

describe('RepeatedFieldBounds', () => {
  it('counts entries on the wire and finds the message within its bound', () => {
    const bounds = new RepeatedFieldBounds(classifyRequest, [texts(3)]);
    assert.equal(bounds.exceeded(encode(classifyRequest, { model: 'm', texts: ['a', 'b', 'c'] })), undefined);
    const over = bounds.exceeded(encode(classifyRequest, { model: 'm', texts: ['a', 'b', 'c', 'd'] }));
    assert.equal(over?.bound.field, 'texts');
    assert.equal(over?.topLevelField, 2);
  });

  it('stops at the first entry past the bound, whatever follows it', () => {
    const bounds = new RepeatedFieldBounds(classifyRequest, [texts(3)]);
    const message = Buffer.concat([encode(classifyRequest, { texts: ['a', 'b', 'c', 'd'] }), UNDECODABLE]);
    assert.throws(() => classifyRequest.decode(message));
    assert.equal(bounds.exceeded(message)?.bound.max, 3);
    // Within the bound, bytes it cannot follow are the decoder's to refuse.
    assert.throws(() =>
      bounds.exceeded(Buffer.concat([encode(classifyRequest, { texts: ['a'] }), UNDECODABLE])),
    );
  });

  it('sums entries over every occurrence of a message field on the path, as the decoder reads them all', () => {
    const bound: RepeatedFieldBound = { ...texts(3), path: ['request', 'texts'] };
    const bounds = new RepeatedFieldBounds(streamRequest, [bound]);
    const part = (values: string[]) => encode(streamRequest, { request: { texts: values } });
    assert.equal(bounds.exceeded(Buffer.concat([part(['a', 'b']), part(['c'])])), undefined);
    assert.equal(bounds.exceeded(Buffer.concat([part(['a', 'b']), part(['c', 'd'])]))?.bound, bound);
  });

  it('refuses a bound that does not name a repeated field inside messages', () => {
    assert.throws(
      () => new RepeatedFieldBounds(classifyRequest, [{ ...texts(1), path: ['model'] }]),
      /not a repeated/,
    );
    assert.throws(
      () => new RepeatedFieldBounds(classifyRequest, [{ ...texts(1), path: ['nope'] }]),
      /no field nope/,
    );
  });

  it('leaves out one top-level field so that the rest decodes alone', () => {
    const message = encode(streamRequest, { correlationId: 'c-1', request: { texts: ['a', 'b'] } });
    const rest = streamRequest.decode(withoutField(message, 2)) as unknown as {
      correlationId: string;
      request?: unknown;
    };
    assert.equal(rest.correlationId, 'c-1');
    assert.equal(rest.request, null);
  });
});
