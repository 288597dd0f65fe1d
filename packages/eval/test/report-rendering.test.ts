import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildEvalReport, renderHtmlReport, renderMarkdownReport } from '../src/index.ts';
import { dataset, run } from './support/report-fixture.ts';

describe('report rendering', () => {
  const report = buildEvalReport(dataset, [run, { ...run, model: 'sentiment-int8', batchId: 'b-2' }], {
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });

  it('puts models side by side in the Markdown tables', () => {
    const markdown = renderMarkdownReport(report);
    assert.match(markdown, /^# Evaluation of sentiment, sentiment-int8 on reviews\.jsonl/);
    assert.match(markdown, /\| model \| accuracy \| macro-F1 \| ECE \|/);
    assert.match(markdown, /\| sentiment \| 0\.750 \|/);
    assert.match(
      markdown,
      /\| lang \| items \| sentiment accuracy \| sentiment macro-F1 \| sentiment ECE \| sentiment-int8 accuracy/,
    );
    assert.match(markdown, /\| fr \| 0 \| – \| – \| – \|/);
    assert.match(markdown, /## Confusion matrix: sentiment-int8/);
    assert.match(markdown, /\| sentiment \| 3 \| 3\.00 ms \| 3\.00 ms \|/);
    assert.match(markdown, /2 items without a prediction/);
  });

  it('escapes table syntax that comes from the data', () => {
    const piped = buildEvalReport({ ...dataset, items: [{ gold: 'a|b', group: 'x' }], groups: ['x'] }, [
      { ...run, outcomes: [{ predicted: 'a|b', confidence: 0.5 }] },
    ]);
    assert.match(renderMarkdownReport(piped), /\| a\\\|b \|/);
  });

  it('draws a self-contained page: inline SVG charts, heat-map tables, nothing fetched', () => {
    const html = renderHtmlReport(report);
    assert.match(html, /^<!doctype html>/);
    assert.ok(
      (html.match(/<svg /g) ?? []).length >= 6,
      'overall, per-label, two per-group and two reliability charts',
    );
    assert.match(html, /<table class="heatmap">/);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.doesNotMatch(html, /<script|<link|<img|@import|url\(/i);
  });

  it('escapes markup that comes from the data', () => {
    const hostile = buildEvalReport(
      { ...dataset, items: [{ gold: '<script>x</script>', group: '"><b>' }], groups: ['"><b>'] },
      [{ ...run, outcomes: [{ predicted: 'positive', confidence: 0.5 }] }],
    );
    const html = renderHtmlReport(hostile);
    assert.doesNotMatch(html, /<script>x/);
    assert.doesNotMatch(html, /"><b>/);
    assert.match(html, /&lt;script&gt;x&lt;\/script&gt;/);
  });
});
