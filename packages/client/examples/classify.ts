// Classify texts through a sieve gateway from TypeScript: @grpc/grpc-js with the contract @sieve/api loads (typed by
// its generated types). Run from the repository root: pnpm exec tsx packages/client/examples/classify.ts TEXT...
import { credentials, Metadata } from '@grpc/grpc-js';
import { loadSieveProtos } from '@sieve/api';

const address = process.env.SIEVE_ADDRESS ?? '127.0.0.1:50051';
const apiKey = process.env.SIEVE_API_KEY;
const texts = process.argv.slice(2);

const { grpc } = loadSieveProtos();
const inference = new grpc.sieve.v1.Inference(address, credentials.createInsecure());
const metadata = new Metadata();
if (apiKey) metadata.set('authorization', `Bearer ${apiKey}`);

inference.Classify(
  { model: process.env.SIEVE_MODEL ?? 'sentiment', texts },
  metadata,
  { deadline: Date.now() + 30_000 },
  (error, response) => {
    inference.close();
    if (error || !response) {
      console.error(`${error?.code}: ${error?.details}`);
      process.exitCode = 1;
      return;
    }
    response.results.forEach((result, i) => {
      const best = result.labels[0]!;
      console.log(`${best.label}\t${best.score.toFixed(3)}\t${texts[i]}`);
    });
  },
);
