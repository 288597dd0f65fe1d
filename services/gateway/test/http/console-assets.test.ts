import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleAssets } from '../../src/http/console-assets.ts';

const assets = ConsoleAssets.of({
  'index.html': '<!doctype html><script type="module" src="main.js"></script>',
  'main.js': 'console.log(1);',
  'console.css': 'body{}',
});

describe('ConsoleAssets', () => {
  it('serves index.html at /console/ with the security headers and a revalidated ETag', () => {
    const answer = assets.answer('GET', '/console/', undefined);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(answer.headers['content-security-policy']!, /script-src 'self';/);
    assert.match(answer.headers['content-security-policy']!, /frame-ancestors 'none'/);
    assert.doesNotMatch(answer.headers['content-security-policy']!, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers['cache-control'], 'no-cache');
    const etag = answer.headers.etag!;
    assert.equal(assets.answer('GET', '/console/index.html', etag).status, 304);
    assert.equal(assets.answer('GET', '/console/index.html', `"other", ${etag}`).status, 304);
    assert.equal(assets.answer('GET', '/console/index.html', '"other"').status, 200);
  });

  it('gives each file its content type, and HEAD no body', () => {
    assert.equal(
      assets.answer('GET', '/console/main.js', undefined).headers['content-type'],
      'text/javascript; charset=utf-8',
    );
    assert.equal(
      assets.answer('GET', '/console/console.css', undefined).headers['content-type'],
      'text/css; charset=utf-8',
    );
    const head = assets.answer('HEAD', '/console/main.js', undefined);
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  it('answers only files of its set: no traversal, 404 with the security headers, 405 for writes', () => {
    for (const path of [
      '/console/../package.json',
      '/console/..%2Fpackage.json',
      '/console/sub/main.js',
      '/console/x.js',
    ]) {
      const answer = assets.answer('GET', path, undefined);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    }
    assert.equal(assets.answer('POST', '/console/', undefined).status, 405);
    const bare = assets.answer('GET', '/console', undefined);
    assert.equal(bare.status, 308);
    assert.equal(bare.headers.location, '/console/');
    assert.ok(ConsoleAssets.owns('/console') && ConsoleAssets.owns('/console/main.js'));
    assert.ok(!ConsoleAssets.owns('/consoles') && !ConsoleAssets.owns('/v1/console'));
  });

  it('refuses to start without a built console, naming the missing file and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-console-'));
    try {
      assert.throws(
        () => ConsoleAssets.load(dir),
        /console is not built: .*index\.html is missing \(`pnpm build`/,
      );
      writeFileSync(join(dir, 'index.html'), '<!doctype html>');
      writeFileSync(join(dir, 'notes.txt'), 'not served');
      const loaded = ConsoleAssets.load(dir);
      assert.equal(loaded.answer('GET', '/console/', undefined).status, 200);
      assert.equal(
        loaded.answer('GET', '/console/notes.txt', undefined).status,
        404,
        'only known content types',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the built console of @sieve/console', () => {
    assert.ok(existsSync(join(ConsoleAssets.defaultDirectory(), '..', 'package.json')));
  });
});
