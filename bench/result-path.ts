// Which result path should carry answers from workers back to gateways? Measures, on a private redis-server,
// the round trip of one tiny job (enqueue -> no-op worker -> answer at the producer) three ways:
//   reply-channel: the worker PUBLISHes on the producing gateway's channel (what sieve does)
//   queue-events:  the producer listens to BullMQ QueueEvents 'completed' for its job ids
//   wait-until-finished: job.waitUntilFinished(queueEvents) per job
// Usage: pnpm bench:result-path [--jobs N]   Writes bench/results/result-path.{json,md}.
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { RedisServerFixture } from '@sieve/testing';

const jobsFlag = process.argv.indexOf('--jobs');
const jobs = jobsFlag > 0 ? Number(process.argv[jobsFlag + 1]) : 2000;
if (!Number.isInteger(jobs) || jobs < 1) throw new Error('--jobs needs a positive integer');
const concurrency = 16;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(
  name: string,
  run: (queue: Queue, i: number) => Promise<void>,
  setup: (queue: Queue) => Promise<() => Promise<void>>,
) {
  const queue = new Queue(`bench-${name}`, { connection: conn(), prefix: '{bench}' });
  queue.setMaxListeners(64);
  const teardown = await setup(queue);
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs) {
        const i = next++;
        const t0 = performance.now();
        await run(queue, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await teardown();
  await queue.close();
  latencies.sort((a, b) => a - b);
  return {
    name,
    jobs,
    concurrency,
    jobsPerSecond: Math.round(jobs / seconds),
    p50ms: +percentile(latencies, 50).toFixed(2),
    p99ms: +percentile(latencies, 99).toFixed(2),
  };
}

/** The QueueEvents variants: a no-op worker beside the producer's events listener; returns the teardown. */
async function withNoOpWorker(queue: Queue, events: QueueEvents): Promise<() => Promise<void>> {
  await events.waitUntilReady();
  const worker = new Worker(queue.name, async () => 'ok', {
    connection: conn(),
    prefix: '{bench}',
    concurrency: 64,
  });
  await worker.waitUntilReady();
  return async () => {
    await worker.close();
    await events.close();
  };
}

const redis = await RedisServerFixture.start();
const url = redis.url;
// Every connection, shared ones included (BullMQ does not close those), is closed before Redis stops.
const connections: Redis[] = [];
const conn = (): Redis => {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connections.push(connection);
  return connection;
};
const results = [];
try {
  // 1. reply channel
  {
    const subscriber = conn();
    const waiting = new Map<string, () => void>();
    subscriber.on('message', (_channel: string, id: string) => waiting.get(id)?.());
    await subscriber.subscribe('{bench}:reply:g1');
    const publisher = conn();
    results.push(
      await measure(
        'reply-channel',
        async (queue, i) => {
          const id = `r${i}`;
          const done = new Promise<void>((resolve) => waiting.set(id, resolve));
          await queue.add('job', { id }, { removeOnComplete: true });
          await done;
          waiting.delete(id);
        },
        async (queue) => {
          const worker = new Worker(
            queue.name,
            async (job: Job<{ id: string }>) => {
              await publisher.publish('{bench}:reply:g1', job.data.id);
            },
            { connection: conn(), prefix: '{bench}', concurrency: 64 },
          );
          await worker.waitUntilReady();
          return async () => {
            await worker.close();
            subscriber.disconnect();
            publisher.disconnect();
          };
        },
      ),
    );
  }
  // 2. QueueEvents 'completed'
  {
    let events!: QueueEvents;
    const waiting = new Map<string, () => void>();
    results.push(
      await measure(
        'queue-events',
        async (queue) => {
          const job = await queue.add('job', {}, { removeOnComplete: { age: 60 } });
          await new Promise<void>((resolve) => waiting.set(job.id!, resolve));
        },
        async (queue) => {
          events = new QueueEvents(queue.name, { connection: conn(), prefix: '{bench}' });
          events.on('completed', ({ jobId }) => waiting.get(jobId)?.());
          return withNoOpWorker(queue, events);
        },
      ),
    );
  }
  // 3. job.waitUntilFinished
  {
    let events!: QueueEvents;
    results.push(
      await measure(
        'wait-until-finished',
        async (queue) => {
          const job = await queue.add('job', {}, { removeOnComplete: { age: 60 } });
          await job.waitUntilFinished(events);
        },
        async (queue) => {
          events = new QueueEvents(queue.name, { connection: conn(), prefix: '{bench}' });
          return withNoOpWorker(queue, events);
        },
      ),
    );
  }
} finally {
  connections.forEach((connection) => connection.disconnect());
  await redis.close();
}

const machine = {
  cpus: cpus().length,
  model: cpus()[0]?.model,
  node: process.version,
  date: new Date().toISOString(),
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/result-path.json', import.meta.url),
  JSON.stringify({ machine, results }, null, 2) + '\n',
);
const table = [
  '| path | jobs/s | p50 ms | p99 ms |',
  '| --- | --- | --- | --- |',
  ...results.map((r) => `| ${r.name} | ${r.jobsPerSecond} | ${r.p50ms} | ${r.p99ms} |`),
];
const md = `# Result path: reply channel vs BullMQ events\n\n${jobs} one-job round trips, ${concurrency} concurrent producers, no-op worker, private redis-server; ${machine.cpus} cores (${machine.model}), Node ${machine.node}, ${machine.date}.\n\n${table.join('\n')}\n`;
writeFileSync(new URL('./results/result-path.md', import.meta.url), md);
console.log(md);
