// Classify texts through a sieve gateway from TypeScript with @sieve/client: typed results, a request id on every
// call (so retries are safe), retries that honour RetryInfo, a 30 s default deadline.
// Run from the repository root: pnpm exec tsx packages/client/examples/classify.ts TEXT...
import { SieveClient, SieveClientError } from '@sieve/client';

const texts = process.argv.slice(2);
const client = new SieveClient(process.env.SIEVE_ADDRESS ?? '127.0.0.1:50051', {
  apiKey: process.env.SIEVE_API_KEY,
  model: process.env.SIEVE_MODEL ?? 'sentiment',
});
try {
  const response = await client.classify(texts);
  response.results.forEach((result, i) => {
    const best = result.labels[0]!;
    console.log(`${best.label}\t${best.score.toFixed(3)}\t${texts[i]}`);
  });
} catch (error) {
  if (!(error instanceof SieveClientError)) throw error;
  console.error(error.message, error.reason ?? '');
  process.exitCode = 1;
} finally {
  client.close();
}
