import { Metadata } from '@grpc/grpc-js';
import { openClients, StreamCaller } from './load-generator.ts';
import { memoryMb } from './process-usage.ts';
import { BENCH_MODEL, type SieveContender } from './sieve-contender.ts';

export interface StreamMemoryResult {
  streams: number;
  answered: number;
  gatewayRssBeforeMb: number;
  gatewayRssWithStreamsMb: number;
  gatewayPeakRssMb: number;
}

/** Gateway memory with many ClassifyStream calls open at once, each having had requests answered on it. */
export async function runStreamMemory(
  contender: SieveContender,
  streams: number,
  texts: readonly string[],
): Promise<StreamMemoryResult> {
  const gateway = contender.pids.gateway!;
  const gatewayRssBeforeMb = memoryMb(gateway).rssMb;
  const clients = openClients(contender.address, 8);
  const callers = Array.from(
    { length: streams },
    (_, i) => new StreamCaller(clients[i % clients.length]!, new Metadata()),
  );
  let answered = 0;
  for (let round = 0; round < 2; round++) {
    const answers = await Promise.all(
      callers.map((caller, i) =>
        caller.call({ model: BENCH_MODEL, texts: [texts[(i + round) % texts.length]!] }),
      ),
    );
    answered += answers.filter((answer) => answer.ok).length;
  }
  const gatewayRssWithStreamsMb = memoryMb(gateway).rssMb;
  const gatewayPeakRssMb = memoryMb(gateway).peakRssMb;
  for (const caller of callers) caller.close();
  for (const client of clients) client.close();
  console.error(
    `bench:   ${streams} open streams: gateway RSS ${gatewayRssBeforeMb} -> ${gatewayRssWithStreamsMb} MB (peak ${gatewayPeakRssMb})`,
  );
  return { streams, answered, gatewayRssBeforeMb, gatewayRssWithStreamsMb, gatewayPeakRssMb };
}
