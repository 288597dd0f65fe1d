import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

const src = new URL('../src/', import.meta.url);
const html = readFileSync(new URL('index.html', src), 'utf8');

describe('index.html', () => {
  it('preloads every module, so the browser fetches them at once rather than import by import', () => {
    const modules = readdirSync(src)
      .filter((name) => name.endsWith('.ts') && name !== 'main.ts')
      .map((name) => name.replace(/\.ts$/, '.js'))
      .sort();
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(preloaded, modules);
  });

  it('has no inline script or style and names nothing outside the gateway', () => {
    assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, 'every script is a file');
    assert.doesNotMatch(html, /<style|\sstyle=/, 'styles are in console.css');
    assert.doesNotMatch(html, /(?:src|href)="(?:https?:)?\/\//, 'no other origin');
  });
});
