import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL_NAME, UnknownModelError, findCatalogModel, resolveModelSource } from '../src/index.ts';

describe('model catalog', () => {
  it('knows the default model by name, by its original repository and by its ONNX export', () => {
    const byName = resolveModelSource(DEFAULT_MODEL_NAME);
    assert.equal(byName.repo, 'Xenova/distilbert-base-multilingual-cased-sentiments-student');
    assert.equal(resolveModelSource('lxyuan/distilbert-base-multilingual-cased-sentiments-student'), byName);
    assert.equal(resolveModelSource('Xenova/distilbert-base-multilingual-cased-sentiments-student'), byName);
    assert.deepEqual(byName.onnx.fp32.path, 'onnx/model.onnx');
    assert.deepEqual(byName.onnx.int8.path, 'onnx/model_quantized.onnx');
    assert.ok(byName.files.every((file) => file.required));
  });

  it('takes any org/repo in the export layout, with the optional tokenizer files optional', () => {
    const source = resolveModelSource('acme/spam-filter');
    assert.equal(source.name, 'acme--spam-filter');
    assert.equal(source.revision, 'main');
    assert.deepEqual(
      source.files.filter((file) => file.required).map((file) => file.path),
      ['config.json', 'tokenizer.json'],
    );
    assert.equal(findCatalogModel('acme/spam-filter'), undefined);
  });

  it('rejects names that are neither, listing the catalog', () => {
    for (const bad of ['nope', '../etc/passwd', 'a/b/c', 'a/..']) {
      assert.throws(
        () => resolveModelSource(bad),
        (error: unknown) => {
          assert.ok(error instanceof UnknownModelError);
          assert.match(error.message, /distilbert-multilingual-sentiment/);
          return true;
        },
      );
    }
  });
});
