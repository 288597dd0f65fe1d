// Heads as users meet them: a spam head trained with `sieve heads train` on the synthetic sentiment backbone from
// SMS data, measured against the majority baseline, served as tiny+spam beside tiny in the same batches, evaluated
// with `sieve eval`, kept to its tenant, and bad training data refused by line — real gateway, worker and Redis.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { statusDetailsOf, type ClassifyResponse, type Head } from '@sieve/api';
import { HeadsClient } from '@sieve/client';
import { classificationMetrics, type EvalReport } from '@sieve/eval';
import { ApiKeyFormat } from '@sieve/tenancy';
import { SieveCluster, sharedDataFile, tinyModelDir } from '@sieve/testing';
import { repoRoot, runSieve } from '../fixtures/sieve-cli.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const sms = sharedDataFile('sms-spam-collection.jsonl');
/** Trained on the first TRAIN lines; the rest of the file is never seen in training and measures the served head. */
const TRAIN = 4000;

const sieve = (args: string[], env: Record<string, string> = {}) => runSieve(args, { env });

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(
  'heads: your labels on a shared backbone',
  { timeout: 300_000, skip: 'skip' in sms ? sms.skip : false },
  () => {
    let cluster: SieveCluster;
    let dir: string;
    let address: string;
    let lines: Array<{ text: string; label: string }>;
    let trained: Head;
    const acmeKey = ApiKeyFormat.generate().key;
    const globexKey = ApiKeyFormat.generate().key;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sieve-heads-'));
      const tenantsFile = writeTenantsFile(dir, [
        { id: 'acme', key: acmeKey },
        { id: 'globex', key: globexKey },
      ]).path;
      lines = readFileSync((sms as { path: string }).path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { text: string; label: string });
      writeFileSync(
        join(dir, 'train.jsonl'),
        lines
          .slice(0, TRAIN)
          .map((line) => JSON.stringify({ message: line.text, category: line.label }))
          .join('\n'),
      );
      writeFileSync(
        join(dir, 'unseen.jsonl'),
        lines
          .slice(TRAIN)
          .map((line) => JSON.stringify(line))
          .join('\n'),
      );
      cluster = await SieveCluster.start({
        modelDir: await tinyModelDir(),
        gatewayEnv: { SIEVE_TENANTS_FILE: tenantsFile },
        // A little wait for company, so that concurrent tiny and tiny+spam calls meet in batches.
        // Batches bounded by texts, not CPU's small padded-token budget: the shared-backbone test counts batches.
        workerEnv: { SIEVE_MAX_WAIT_MS: '25', SIEVE_MAX_BATCH_TOKENS: '4096' },
      });
      address = cluster.gateways[0]!.address;
    });
    after(async () => {
      await cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const classify = (key: string, request: object) =>
      new Promise<{ response?: ClassifyResponse; error?: ServiceError }>((resolve) => {
        const metadata = new Metadata();
        metadata.set('authorization', `Bearer ${key}`);
        cluster.gateways[0]!.client.Classify(
          request,
          metadata,
          { deadline: Date.now() + 30_000 },
          (error, response) =>
            resolve(error ? { error: error as ServiceError } : { response: response as ClassifyResponse }),
        );
      });

    it('trains a spam head from labelled SMS, far above the majority baseline on held-out examples', async () => {
      const started = performance.now();
      const run = await sieve(
        [
          'heads',
          'train',
          '--tenant',
          'acme',
          '--base',
          'tiny',
          '--data',
          join(dir, 'train.jsonl'),
          '--labels',
          'ham,spam',
          '--name',
          'spam',
          '--text-field',
          'message',
          '--label-field',
          'category',
          '--wait',
          '--json',
        ],
        { SIEVE_ADDRESS: address, SIEVE_API_KEY: acmeKey },
      );
      assert.equal(run.code, 0, run.stderr);
      trained = JSON.parse(run.stdout) as Head;
      const metrics = trained.metrics!;
      console.log(
        `head ${trained.model}: ${metrics.exampleCount} examples (${metrics.trainCount} train, ${metrics.validationCount} validation, ` +
          `${metrics.holdoutCount} held out), ${metrics.epochs} epochs (kept ${metrics.bestEpoch}); held-out macro-F1 ` +
          `${metrics.holdoutMacroF1.toFixed(3)} vs majority ${metrics.baselineMacroF1.toFixed(3)}, accuracy ` +
          `${metrics.holdoutAccuracy.toFixed(3)} vs ${metrics.baselineAccuracy.toFixed(3)}; ${metrics.duplicateCount} duplicates ` +
          `(${metrics.exactDuplicateCount} exact), ${metrics.conflictCount} conflicts; ${Math.round(performance.now() - started)} ms`,
      );
      assert.equal(trained.state, 'HEAD_STATE_READY');
      assert.equal(trained.model, 'tiny+spam@1');
      assert.deepEqual(trained.labels, ['ham', 'spam']);
      assert.equal(Number(trained.exampleCount), TRAIN);
      // The first 4,000 lines repeat 240 messages exactly and 5 more once case and spacing are ignored: collapsed
      // before the split, so the held-out examples are texts the head never trained on.
      assert.equal(metrics.receivedCount, TRAIN);
      assert.equal(metrics.exactDuplicateCount, 240);
      assert.equal(metrics.duplicateCount, 245);
      assert.equal(metrics.conflictCount, 0);
      assert.equal(metrics.exampleCount, TRAIN - 245);
      const interval = metrics.holdoutMacroF1Interval!;
      assert.ok(interval.low <= metrics.holdoutMacroF1 && metrics.holdoutMacroF1 <= interval.high);
      assert.equal(interval.level, 0.95);
      assert.equal(metrics.baselineLabel, 'ham');
      assert.ok(metrics.baselineMacroF1 < 0.5, `baseline ${metrics.baselineMacroF1}`);
      assert.ok(
        metrics.holdoutMacroF1 >= metrics.baselineMacroF1 + 0.15,
        `head ${metrics.holdoutMacroF1} vs baseline ${metrics.baselineMacroF1}`,
      );
      const spamRecall = metrics.labels.find((label) => label.label === 'spam')!.recall;
      assert.ok(spamRecall >= 0.6, `spam recall ${spamRecall}: class weights keep the rare label`);

      const shown = await sieve(['heads', 'status', 'tiny+spam'], {
        SIEVE_ADDRESS: address,
        SIEVE_API_KEY: acmeKey,
      });
      assert.equal(shown.code, 0, shown.stderr);
      console.log(shown.stdout.trimEnd());
      assert.match(shown.stdout, /^tiny\+spam@1 {2}ready {2}labels ham, spam/);
      assert.match(
        shown.stdout,
        /held-out macro-F1 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] vs 0\.4\d{2} always "ham"; accuracy 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] vs 0\.\d{3} \(95% bootstrap intervals\)/,
      );
      assert.match(shown.stdout, /245 of 4000 examples repeated another once normalized \(240 exactly\)/);
    });

    it('serves tiny+spam with the head labels, and beats the baseline on texts it never saw', async () => {
      const unseen = lines.slice(TRAIN, TRAIN + 256);
      const { response, error } = await classify(acmeKey, {
        model: 'tiny+spam',
        texts: unseen.map((line) => line.text),
        options: { topK: 1 },
      });
      assert.equal(error, undefined, error?.details);
      assert.equal(response!.model, 'tiny@1+spam@1');
      const predictions = response!.results.map((result, i) => {
        assert.ok(['ham', 'spam'].includes(result.labels[0]!.label));
        return {
          gold: unseen[i]!.label,
          predicted: result.labels[0]!.label,
          confidence: result.labels[0]!.score,
        };
      });
      const served = classificationMetrics(predictions, ['ham', 'spam']).macroF1!;
      const majority = classificationMetrics(
        unseen.map((line) => ({ gold: line.label, predicted: 'ham', confidence: 1 })),
        ['ham', 'spam'],
      ).macroF1!;
      console.log(
        `served on ${unseen.length} unseen texts: macro-F1 ${served.toFixed(3)} vs majority ${majority.toFixed(3)}`,
      );
      assert.ok(served >= majority + 0.1, `served ${served} vs majority ${majority}`);

      const all = await classify(acmeKey, { model: 'tiny+spam@1', texts: ['win a free prize now'] });
      const labels = all.response!.results[0]!.labels;
      assert.deepEqual(labels.map((label) => label.label).sort(), ['ham', 'spam']);
      assert.ok(Math.abs(labels[0]!.score + labels[1]!.score - 1) < 1e-5);
    });

    it('runs the backbone once per batch for tiny and tiny+spam requests in flight together', async () => {
      // Stats arrive with the worker's heartbeat (every second): the next one counts everything answered so far.
      const before = await cluster.workerStatsAfter();
      const calls = 24;
      const results = await Promise.all(
        Array.from({ length: calls }, (_, c) =>
          classify(acmeKey, {
            model: c % 2 === 0 ? 'tiny' : 'tiny+spam',
            texts: lines.slice(c * 4, c * 4 + 4).map((line) => line.text),
          }),
        ),
      );
      results.forEach(({ response, error }, c) => {
        assert.equal(error, undefined, error?.details);
        const expected = c % 2 === 0 ? ['negative', 'neutral', 'positive'] : ['ham', 'spam'];
        assert.equal(response!.model, c % 2 === 0 ? 'tiny@1' : 'tiny@1+spam@1');
        for (const result of response!.results) {
          assert.deepEqual(result.labels.map((label) => label.label).sort(), expected);
        }
      });
      const after = await cluster.workerStatsAfter();
      const batches = after.batches - before.batches;
      assert.equal(after.headTexts - before.headTexts, (calls / 2) * 4);
      assert.ok(
        after.sharedBackboneBatches > before.sharedBackboneBatches,
        'no batch held both kinds of text',
      );
      // Base and head texts share batches: fewer batches than calls, not one pass per model and head.
      assert.ok(batches < calls, `${batches} batches for ${calls} calls`);
    });

    it('is evaluated like any model with `sieve eval --model tiny+spam`', async () => {
      const data = join(dir, 'unseen.jsonl');
      const env = { SIEVE_ADDRESS: address, SIEVE_API_KEY: acmeKey };
      const after = await sieve(
        ['eval', '--model', 'tiny+spam', '--data', data, '--out', join(dir, 'after'), '--no-progress'],
        env,
      );
      assert.equal(after.code, 0, after.stderr);
      const before = await sieve(
        [
          'eval',
          '--model',
          'tiny',
          '--data',
          data,
          '--label-map',
          'ham=positive,spam=negative',
          '--out',
          join(dir, 'before'),
          '--no-progress',
        ],
        env,
      );
      assert.equal(before.code, 0, before.stderr);
      const report = (name: string) =>
        (JSON.parse(readFileSync(join(dir, name, 'report.json'), 'utf8')) as EvalReport).models[0]!;
      const [head, base] = [report('after'), report('before')];
      console.log(
        `sieve eval on ${head.evaluated} unseen texts: tiny+spam macro-F1 ${head.metrics.macroF1!.toFixed(3)} ` +
          `accuracy ${head.metrics.accuracy!.toFixed(3)}; tiny (ham=positive, spam=negative) macro-F1 ` +
          `${base.metrics.macroF1!.toFixed(3)} accuracy ${base.metrics.accuracy!.toFixed(3)}`,
      );
      assert.equal(head.model, 'tiny+spam');
      assert.deepEqual(head.labels, ['ham', 'spam']);
      assert.equal(head.evaluated, lines.length - TRAIN);
      assert.ok(
        head.metrics.macroF1! > base.metrics.macroF1! + 0.1,
        `${head.metrics.macroF1} vs ${base.metrics.macroF1}`,
      );
    });

    it("keeps a tenant's heads to itself: another tenant can neither see nor use them", async () => {
      const globex = new HeadsClient(address, { apiKey: globexKey });
      try {
        const used = await classify(globexKey, { model: 'tiny+spam', texts: ['hi'] });
        assert.equal(used.error?.code, status.NOT_FOUND);
        assert.equal(statusDetailsOf(used.error!).errorInfo?.reason, 'HEAD_NOT_FOUND');
        for (const attempt of [
          globex.get('tiny+spam'),
          globex.get('tiny+spam@1'),
          globex.delete('tiny+spam'),
        ]) {
          await assert.rejects(attempt, (error: ServiceError) => error.code === status.NOT_FOUND);
        }
        assert.deepEqual(await globex.list(), []);
        const wrongTenant = await sieve(['heads', 'list', '--tenant', 'acme'], {
          SIEVE_ADDRESS: address,
          SIEVE_API_KEY: globexKey,
        });
        assert.notEqual(wrongTenant.code, 0);
        assert.match(wrongTenant.stderr, /belongs to tenant "globex", not "acme"/);
      } finally {
        globex.close();
      }
      const acme = new HeadsClient(address, { apiKey: acmeKey });
      try {
        assert.deepEqual(
          (await acme.list()).map((head) => head.model),
          ['tiny+spam@1'],
        );
      } finally {
        acme.close();
      }
    });

    it('names the wrong line of a training file and sends nothing', async () => {
      const bad = join(dir, 'bad.jsonl');
      writeFileSync(
        bad,
        [
          '{"text":"hello","label":"ham"}',
          '{"text":"win","label":"spam"}',
          '{"text":"eh","label":"maybe"}',
        ].join('\n'),
      );
      const env = { SIEVE_ADDRESS: address, SIEVE_API_KEY: acmeKey };
      const unknownLabel = await sieve(
        ['heads', 'train', '--base', 'tiny', '--data', bad, '--labels', 'ham,spam'],
        env,
      );
      assert.equal(unknownLabel.code, 2);
      assert.match(
        unknownLabel.stderr,
        /bad\.jsonl:3: label "maybe" is not one of --labels ham,spam; nothing was submitted/,
      );
      const wrongField = await sieve(
        ['heads', 'train', '--base', 'tiny', '--data', bad, '--labels', 'ham,spam', '--text-field', 'body'],
        env,
      );
      assert.equal(wrongField.code, 2);
      assert.match(wrongField.stderr, /bad\.jsonl:1: no field "body"/);
      const acme = new HeadsClient(address, { apiKey: acmeKey });
      try {
        assert.equal((await acme.list()).length, 1, 'a refused file created a head');
        // The server checks too: a label outside the spec is named with its position in the upload.
        await assert.rejects(
          acme.train({ baseModel: 'tiny', name: 'direct', labels: ['ham', 'spam'] }, [
            { text: 'fine', label: 'ham' },
            { text: 'odd', label: 'eggs' },
          ]),
          (error: ServiceError) =>
            error.code === status.INVALID_ARGUMENT &&
            /"eggs" is not one of the spec's labels \(example 1\)/.test(error.details),
        );
      } finally {
        acme.close();
      }
    });

    it('answers sieve.v1.Heads over server reflection (buf curl)', () => {
      const listed = spawnSync(
        join(repoRoot, 'node_modules/.bin/buf'),
        [
          'curl',
          '--protocol',
          'grpc',
          '--http2-prior-knowledge',
          '-H',
          `authorization: Bearer ${acmeKey}`,
          '-d',
          '{}',
          `http://${address}/sieve.v1.Heads/List`,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(listed.status, 0, listed.stderr);
      const { heads } = JSON.parse(listed.stdout) as { heads: Array<{ model: string; state: string }> };
      assert.deepEqual(
        heads.map((head) => [head.model, head.state]),
        [['tiny+spam@1', 'HEAD_STATE_READY']],
      );
    });

    it('deletes a head version; it is then not found', async () => {
      const run = await sieve(['heads', 'delete', 'tiny+spam@1'], {
        SIEVE_ADDRESS: address,
        SIEVE_API_KEY: acmeKey,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, 'tiny+spam@1\n', 'the deleted versions alone on stdout');
      assert.match(run.stderr, /deleted 1 head version/);
      await settle(1100); // other gateways' head cache
      const gone = await classify(acmeKey, { model: 'tiny+spam', texts: ['hi'] });
      assert.equal(gone.error?.code, status.NOT_FOUND);
    });
  },
);
