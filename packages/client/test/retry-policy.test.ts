import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { backoffMs, isRetryable } from '../src/retry-policy.ts';
import { RetryBudget } from '../src/retry-budget.ts';
import { gatewayTargets } from '../src/gateway-targets.ts';

const options = { initialBackoffMs: 100, maxBackoffMs: 1000 };

describe('retry policy', () => {
  it('retries UNAVAILABLE only for idempotent calls that saw no answer', () => {
    const base = { code: status.UNAVAILABLE, idempotent: true, responded: false };
    assert.equal(isRetryable(base), true);
    assert.equal(isRetryable({ ...base, idempotent: false }), false);
    assert.equal(isRetryable({ ...base, responded: true }), false);
  });

  it('retries RESOURCE_EXHAUSTED only when the server said when', () => {
    const base = { code: status.RESOURCE_EXHAUSTED, idempotent: false, responded: false };
    assert.equal(isRetryable(base), false);
    assert.equal(isRetryable({ ...base, retryDelayMs: 500 }), true);
  });

  it('never retries what the caller must handle', () => {
    for (const code of [
      status.INVALID_ARGUMENT,
      status.DEADLINE_EXCEEDED,
      status.NOT_FOUND,
      status.INTERNAL,
    ]) {
      assert.equal(isRetryable({ code, idempotent: true, responded: false, retryDelayMs: 1 }), false);
    }
  });

  it('backs off exponentially with full jitter up to the cap', () => {
    assert.equal(
      backoffMs(1, options, undefined, () => 1),
      100,
    );
    assert.equal(
      backoffMs(3, options, undefined, () => 1),
      400,
    );
    assert.equal(
      backoffMs(10, options, undefined, () => 1),
      1000,
    );
    assert.equal(
      backoffMs(3, options, undefined, () => 0.5),
      200,
    );
  });

  it('waits at least what RetryInfo asks, with up to 10% more', () => {
    assert.equal(
      backoffMs(1, options, 800, () => 0),
      800,
    );
    assert.equal(Math.round(backoffMs(1, options, 800, () => 1)), 880);
  });
});

describe('RetryBudget', () => {
  it('allows the minimum, then one retry per ten calls', () => {
    const budget = new RetryBudget(0.1, 3);
    assert.deepEqual(
      [budget.withdraw(), budget.withdraw(), budget.withdraw(), budget.withdraw()],
      [true, true, true, false],
    );
    for (let i = 0; i < 9; i++) budget.deposit();
    assert.equal(budget.withdraw(), false);
    budget.deposit();
    budget.deposit(); // floating point: ten deposits of 0.1 are a hair under 1
    assert.equal(budget.withdraw(), true);
  });

  it('holds at most the minimum', () => {
    const budget = new RetryBudget(0.1, 2);
    for (let i = 0; i < 1000; i++) budget.deposit();
    assert.equal(budget.available, 2);
  });
});

describe('gatewayTargets', () => {
  it('opens one channel per address of a list, and one round-robin channel for a dns: name or ipv4: list', () => {
    assert.deepEqual(gatewayTargets('a:1, b:2'), [{ target: 'a:1' }, { target: 'b:2' }]);
    assert.deepEqual(gatewayTargets(['a:1']), [{ target: 'a:1' }]);
    const [dns] = gatewayTargets('dns:gateways.example:50051');
    assert.equal(dns!.target, 'dns:gateways.example:50051');
    assert.match(dns!.serviceConfig ?? '', /round_robin/);
    const [list] = gatewayTargets('ipv4:127.0.0.1:1,127.0.0.1:2');
    assert.equal(list!.target, 'ipv4:127.0.0.1:1,127.0.0.1:2');
    assert.match(list!.serviceConfig ?? '', /round_robin/);
    assert.throws(() => gatewayTargets(' , '), /no gateway address/);
  });
});
