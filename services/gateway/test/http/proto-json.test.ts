import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ApiError } from '@sieve/api';
import { ProtoJson } from '../../src/http/proto-json.ts';
import { matchRoute, RPC_ROUTES } from '../../src/http/route-table.ts';

const json = ProtoJson.load();

/** The field names of the violations an encode refuses with. */
function refusedFields(type: string, body: unknown): string[] {
  try {
    json.encode(json.type(type), body);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, status.INVALID_ARGUMENT);
    return (error.details.badRequest?.fieldViolations ?? []).map((v) => v.field);
  }
  assert.fail('encoded');
}

describe("proto3's JSON mapping of the sieve messages", () => {
  it('round-trips a request, accepting snake_case and enum names', () => {
    const type = json.type('sieve.v1.ClassifyRequest');
    const bytes = json.encode(type, {
      model: 'tiny',
      texts: ['a', 'b'],
      options: { top_k: 1, rawScores: true, truncation: 'TRUNCATION_LEFT' },
      priority: 'PRIORITY_HIGH',
      request_id: 'r-1',
    });
    assert.deepEqual(json.decode(type, bytes), {
      model: 'tiny',
      texts: ['a', 'b'],
      options: { topK: 1, rawScores: true, truncation: 'TRUNCATION_LEFT' },
      priority: 'PRIORITY_HIGH',
      requestId: 'r-1',
    });
  });

  it('writes 64-bit integers as strings, Durations as seconds, unset messages not at all', () => {
    const type = json.type('sieve.v1.ClassifyResponse');
    const bytes = type
      .encode(
        type.fromObject({
          model: 'm',
          tokenCount: 12,
          timings: { total: { seconds: 1, nanos: 500_000_000 } },
        }),
      )
      .finish();
    const decoded = json.decode(type, bytes);
    assert.equal(decoded.tokenCount, '12');
    assert.deepEqual(decoded.timings, { total: '1.500s' });
    assert.deepEqual(decoded.results, []);
    assert.equal(decoded.requestId, '');
  });

  it('refuses unknown fields and wrong types, naming each field', () => {
    assert.deepEqual(refusedFields('sieve.v1.ClassifyRequest', { model: 'x', txts: [] }), ['txts']);
    assert.deepEqual(refusedFields('sieve.v1.ClassifyRequest', { texts: 'one' }), ['texts']);
    assert.deepEqual(refusedFields('sieve.v1.ClassifyRequest', { texts: ['a', 3] }), ['texts[1]']);
    assert.deepEqual(refusedFields('sieve.v1.ClassifyRequest', { options: { topK: 1.5 } }), [
      'options.top_k',
    ]);
    assert.deepEqual(refusedFields('sieve.v1.ClassifyRequest', { priority: 'URGENT' }), ['priority']);
    assert.deepEqual(refusedFields('sieve.v1.ClassifyRequest', [1, 2]), ['body']);
    assert.deepEqual(refusedFields('sieve.v1.StreamBatchResultsRequest', { offset: -1 }), ['offset']);
  });

  it('reads 64-bit integers and Durations from their JSON forms', () => {
    const type = json.type('sieve.v1.BatchSpec');
    const decoded = json.decode(type, json.encode(type, { model: 'm', resultRetention: '3600s' }));
    assert.equal(decoded.resultRetention, '3600s');
    assert.deepEqual(refusedFields('sieve.v1.BatchSpec', { resultRetention: 'an hour' }), [
      'result_retention',
    ]);
    const results = json.type('sieve.v1.StreamBatchResultsRequest');
    assert.equal(json.decode(results, json.encode(results, { id: 'b', offset: '12' })).offset, '12');
  });
});

describe('the HTTP route table', () => {
  it('matches paths with their variables, URL-decoded, and custom verbs', () => {
    assert.equal(matchRoute(RPC_ROUTES, 'POST', '/v1/classify')?.route.rpc, '/sieve.v1.Inference/Classify');
    const get = matchRoute(RPC_ROUTES, 'GET', '/v1/models/sentiment%403');
    assert.deepEqual(get?.variables, { name: 'sentiment@3' });
    const cancel = matchRoute(RPC_ROUTES, 'POST', '/v1/batches/b-1:cancel');
    assert.equal(cancel?.route.rpc, '/sieve.v1.Batches/Cancel');
    assert.deepEqual(cancel?.variables, { id: 'b-1' });
    assert.equal(matchRoute(RPC_ROUTES, 'POST', '/v1/batches/:cancel'), undefined);
    assert.equal(matchRoute(RPC_ROUTES, 'GET', '/v1/batches/b-1/results')?.route.shape.kind, 'lines');
    assert.equal(matchRoute(RPC_ROUTES, 'DELETE', '/v1/models/x'), undefined);
    assert.equal(matchRoute(RPC_ROUTES, 'GET', '/v1/models/%E0%A4%A'), undefined);
  });

  it('names request and response types the protos have, and path variables their requests have', () => {
    for (const route of RPC_ROUTES) {
      const request = json.type(route.request);
      json.type(route.response);
      for (const [, variable] of route.path.matchAll(/\{(\w+)\}/g))
        assert.ok(request.fields[variable!], route.path);
    }
  });
});
