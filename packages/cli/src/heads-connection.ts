import type { Head, HeadMetrics } from '@sieve/api';
import { HeadsClient } from '@sieve/client';
import type { ConnectionOptions } from './batch-connection.ts';
import { isoTime as time, withClosingClient } from './gateway-client.ts';
import { channelCredentialsOf } from './tls-options.ts';

export interface HeadsConnectionOptions extends ConnectionOptions {
  /** The tenant the key must belong to; the gateway refuses a key of another tenant. */
  tenant?: string;
}

/** Runs `action` with a Heads client, turning a failed call into one readable line. */
export async function withHeadsClient<T>(
  options: HeadsConnectionOptions,
  action: (client: HeadsClient) => Promise<T>,
): Promise<T> {
  const open = () =>
    new HeadsClient(options.address, {
      credentials: channelCredentialsOf(options),
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.tenant ? { tenant: options.tenant } : {}),
    });
  return withClosingClient(options.address, open, action);
}
const fixed = (value: number) => value.toFixed(3);
const range = (interval: HeadMetrics['holdoutMacroF1Interval']) =>
  interval && interval.resamples > 0 ? ` [${fixed(interval.low)}, ${fixed(interval.high)}]` : '';

/** A head version in a few lines: state, base, and once trained its held-out quality against the baseline. */
export function describeHead(head: Head): string {
  const state = head.state.replace('HEAD_STATE_', '').toLowerCase();
  const lines = [
    `${head.model}  ${state}${head.stateReason ? ` (${head.stateReason})` : ''}  labels ${head.labels.join(', ')}`,
    `  on ${head.baseModel}@${head.baseVersion} (${head.baseDigest.slice(0, 19)})  ${head.exampleCount} examples  created ${time(head.createTime)}  updated ${time(head.updateTime)}`,
  ];
  const metrics = head.metrics;
  if (metrics) {
    const accuracyRange = range(metrics.holdoutAccuracyInterval);
    const macroF1Range = range(metrics.holdoutMacroF1Interval);
    const level = metrics.holdoutMacroF1Interval?.level;
    lines.push(
      `  held-out macro-F1 ${fixed(metrics.holdoutMacroF1)}${macroF1Range} vs ${fixed(metrics.baselineMacroF1)} always "${metrics.baselineLabel}"; ` +
        `accuracy ${fixed(metrics.holdoutAccuracy)}${accuracyRange} vs ${fixed(metrics.baselineAccuracy)}` +
        (level && macroF1Range ? ` (${Math.round(level * 100)}% bootstrap intervals)` : ''),
      // Heads trained before duplicates were collapsed report no count (received 0): no line rather than a false 0.
      ...(metrics.receivedCount > 0
        ? [
            `  ${metrics.duplicateCount} of ${metrics.receivedCount} examples repeated another once normalized ` +
              `(${metrics.exactDuplicateCount} exactly) and were collapsed before the split; ` +
              `${metrics.conflictCount} texts had conflicting labels (${metrics.conflictDroppedCount} tied, dropped; the rest took the majority)`,
          ]
        : []),
      `  ${metrics.kind}${head.hiddenUnits ? ` (${head.hiddenUnits} hidden units)` : ''}, class weights ` +
        `${head.classWeighting.replace('CLASS_WEIGHTING_', '').toLowerCase().replace('_', '-')}, ${metrics.epochs} epochs (kept ${metrics.bestEpoch}); ` +
        `${metrics.trainCount} trained on, ${metrics.validationCount} for early stopping, ${metrics.holdoutCount} held out`,
      ...metrics.labels.map(
        (label) =>
          `    ${label.label.padEnd(Math.max(...metrics.labels.map((l) => l.label.length)))}  precision ${fixed(label.precision)}  recall ${fixed(label.recall)}  F1 ${fixed(label.f1)}  (${label.support} held out)`,
      ),
    );
  }
  return lines.join('\n');
}
