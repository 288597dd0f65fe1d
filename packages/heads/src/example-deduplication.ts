/**
 * The text two examples are the same under: Unicode NFKC (full-width letters, ligatures and other compatibility
 * forms become their plain letters), lower-cased, runs of whitespace collapsed to one space and trimmed. NFKC runs
 * again after lower-casing because lower-casing can leave a sequence that is not normalized (İ becomes i + dot).
 */
export function normalizedText(text: string): string {
  return text.normalize('NFKC').toLowerCase().normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** What collapsing duplicates found among a head's examples. */
export interface DeduplicationReport {
  /** Examples given, before anything was collapsed. */
  received: number;
  /** Examples whose normalized text repeats an earlier example's: collapsed into that one. */
  duplicates: number;
  /** Of `duplicates`, the ones that repeat an earlier example character for character. */
  exactDuplicates: number;
  /** Distinct (normalized) texts given more than one label. */
  conflicts: number;
  /** Of `conflicts`, the ones whose labels tied: dropped, no example of that text kept. */
  conflictsDropped: number;
}

export interface DeduplicatedExamples {
  /** One example index per distinct normalized text kept (its first occurrence), ascending. */
  indices: number[];
  /** The label of each kept text: its examples' majority label. */
  labels: number[];
  report: DeduplicationReport;
}

/**
 * Collapses examples whose normalized texts are equal into one, so that no text can be both trained on and
 * measured. A text given different labels is resolved by majority (three "spam" and one "ham" is most likely one
 * labelling slip, and the text is still worth learning); a tie is dropped, since neither label is better supported
 * and either would teach the head, or score it, on a guess.
 */
export function deduplicateExamples(
  texts: readonly string[],
  labels: readonly number[],
): DeduplicatedExamples {
  const groups = new Map<string, { first: number; labelCounts: Map<number, number> }>();
  const seenExactly = new Set<string>();
  let exactDuplicates = 0;
  texts.forEach((text, index) => {
    if (seenExactly.has(text)) exactDuplicates += 1;
    else seenExactly.add(text);
    const key = normalizedText(text);
    let group = groups.get(key);
    if (!group) {
      group = { first: index, labelCounts: new Map() };
      groups.set(key, group);
    }
    const label = labels[index]!;
    group.labelCounts.set(label, (group.labelCounts.get(label) ?? 0) + 1);
  });

  const kept: Array<{ index: number; label: number }> = [];
  let conflicts = 0;
  let conflictsDropped = 0;
  for (const { first, labelCounts } of groups.values()) {
    if (labelCounts.size === 1) {
      kept.push({ index: first, label: labels[first]! });
      continue;
    }
    conflicts += 1;
    const ranked = [...labelCounts].sort((a, b) => b[1] - a[1]);
    if (ranked[0]![1] === ranked[1]![1]) conflictsDropped += 1;
    else kept.push({ index: first, label: ranked[0]![0] });
  }
  kept.sort((a, b) => a.index - b.index);
  return {
    indices: kept.map((example) => example.index),
    labels: kept.map((example) => example.label),
    report: {
      received: texts.length,
      duplicates: texts.length - groups.size,
      exactDuplicates,
      conflicts,
      conflictsDropped,
    },
  };
}
