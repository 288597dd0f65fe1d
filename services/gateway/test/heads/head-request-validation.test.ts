import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, type HeadSpec } from '@sieve/api';
import type { WorkerRegistry } from '@sieve/queue';
import { validateHeadSpec, validateTrainingExamples } from '../../src/heads/head-request-validation.ts';
import { ModelCatalog } from '../../src/models/model-catalog.ts';

async function catalog(): Promise<ModelCatalog> {
  const models = [
    {
      name: 'tiny',
      version: '1',
      digest: 'sha256:t',
      labels: ['a', 'b', 'c'],
      maxLength: 512,
      dtype: 'fp32',
      executionProvider: 'cpu',
    },
  ];
  const registry = {
    list: async () => [{ workerId: 'w', startedAt: 0, models }],
  } as unknown as WorkerRegistry;
  const served = new ModelCatalog(registry);
  await served.refresh();
  return served;
}

const spec = (patch: Partial<HeadSpec> = {}): HeadSpec => ({
  baseModel: 'tiny',
  name: 'spam',
  labels: ['ham', 'spam'],
  holdoutFraction: 0,
  idempotencyKey: '',
  hiddenUnits: 0,
  classWeighting: 'CLASS_WEIGHTING_UNSPECIFIED',
  ...patch,
});

function violations(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return (error.details.badRequest?.fieldViolations ?? []).map((v) => `${v.field}: ${v.description}`);
  }
  assert.fail('expected INVALID_ARGUMENT');
}

describe('Heads.Train validation', () => {
  it('fills the defaults of a valid spec and resolves the base model', async () => {
    const valid = validateHeadSpec(spec(), await catalog());
    assert.equal(valid.base.ref, 'tiny@1');
    assert.equal(valid.holdoutFraction, 0.2);
    assert.equal(valid.classWeighting, 'sqrt-inverse');
  });

  it('reports every problem of a spec at once, each naming its field', async () => {
    const problems = violations(() =>
      validateHeadSpec(
        spec({
          baseModel: 'tiny+other',
          name: 'Spam!',
          labels: ['ham', 'ham'],
          holdoutFraction: 0.9,
          hiddenUnits: 5000,
        }),
        new ModelCatalog({ list: async () => [] } as unknown as WorkerRegistry),
      ),
    );
    assert.deepEqual(
      problems.map((problem) => problem.split(':')[0]),
      ['spec.base_model', 'spec.name', 'spec.labels[1]', 'spec.holdout_fraction', 'spec.hidden_units'],
    );
  });

  it('names an example whose label is not in the spec by its position in the upload', () => {
    const labels = new Map([
      ['ham', 0],
      ['spam', 1],
    ]);
    const staged = validateTrainingExamples(
      [
        { text: 'hello', label: 'ham' },
        { text: 'win', label: 'spam' },
      ],
      { message: 1, firstIndex: 0 },
      labels,
      1000,
    );
    assert.deepEqual(staged, [
      ['hello', 0],
      ['win', 1],
    ]);
    assert.deepEqual(
      violations(() =>
        validateTrainingExamples(
          [
            { text: ' ', label: 'ham' },
            { text: 'odd', label: 'eggs' },
          ],
          { message: 3, firstIndex: 1000 },
          labels,
          1000,
        ),
      ),
      [
        'messages[3].examples.examples[0].text: text is only whitespace (example 1000)',
        `messages[3].examples.examples[1].label: "eggs" is not one of the spec's labels (example 1001)`,
      ],
    );
  });
});
