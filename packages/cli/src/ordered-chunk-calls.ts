/**
 * Sends an unbounded stream of texts as calls of at most `chunkSize` texts, `inFlight` calls at a time, and hands
 * each call's answers to `emit` in input order as soon as every earlier call has been emitted: the shape of
 * `sieve classify -`, whose input may be far beyond one call's limit and whose output must stay in line order.
 * The first failed call stops it (calls already sent are awaited so that none is left unhandled) and is thrown.
 */
export async function orderedChunkCalls<R>(
  texts: AsyncIterable<string> | Iterable<string>,
  options: { chunkSize: number; inFlight: number },
  call: (chunk: string[]) => Promise<R>,
  emit: (chunk: string[], answer: R) => Promise<void> | void,
): Promise<void> {
  const pending: Array<{ chunk: string[]; answer: Promise<R> }> = [];
  const send = (chunk: string[]) => {
    const answer = call(chunk);
    // Observed at once: a call that fails while an earlier one is still awaited is no unhandled rejection.
    answer.catch(() => undefined);
    pending.push({ chunk, answer });
  };
  const emitOldest = async () => {
    const { chunk, answer } = pending.shift()!;
    await emit(chunk, await answer);
  };
  try {
    let chunk: string[] = [];
    for await (const text of texts) {
      chunk.push(text);
      if (chunk.length < options.chunkSize) continue;
      send(chunk);
      chunk = [];
      if (pending.length >= options.inFlight) await emitOldest();
    }
    if (chunk.length > 0) send(chunk);
    while (pending.length > 0) await emitOldest();
  } finally {
    await Promise.allSettled(pending.map(({ answer }) => answer));
  }
}
