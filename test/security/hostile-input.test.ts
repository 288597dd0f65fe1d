// Whatever a tenant sends through a well-formed gRPC client: arbitrary Unicode (generated with fast-check), every
// script of the model card, invisible and direction-changing characters, NUL bytes, megabyte-long words, empty
// texts, absurd options, names and deadlines, 100,000 texts in one call. The gateway answers each with a result or
// an INVALID_ARGUMENT naming the field, promptly; nothing crashes, and another tenant's calls go on meanwhile.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { loadSieveProtos, type ClassifyResponse, type InferenceClient } from '@sieve/api';
import { ApiKeyFormat } from '@sieve/tenancy';
import { freePort, SieveCluster, tinyModelDir } from '@sieve/testing';
import { describeError, unary, violatedFields, type Outcome } from './grpc-test-client.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const MAX_TEXT_BYTES = 64 * 1024;

/** One sentence in each language of the model card, in its own script. */
const MODEL_CARD_LANGUAGES: Record<string, string> = {
  English: 'I love this product, it works perfectly.',
  Malay: 'Saya sangat suka produk ini, ia berfungsi dengan baik.',
  Japanese: '私はこの映画が大好きで、何度も見ます！',
  Chinese: '这家餐厅的服务太差了，我再也不会来了。',
  Indonesian: 'Pelayanannya lambat dan makanannya dingin.',
  Arabic: 'الخدمة كانت ممتازة وسأعود بالتأكيد.',
  French: "Je n'ai pas aimé ce film, il était trop long.",
  German: 'Das Essen war großartig, aber der Service war langsam.',
  Hindi: 'यह फ़िल्म बहुत अच्छी थी, मुझे बहुत पसंद आई।',
  Italian: 'Il prodotto è arrivato rotto e nessuno mi ha risposto.',
  Portuguese: 'Não gostei do atendimento, foi muito demorado.',
  Spanish: 'El hotel estaba limpio y el personal fue muy amable.',
};

/** Texts that break naive string handling: invisible, direction-changing, composed, control characters. */
const AWKWARD_TEXTS: Record<string, string> = {
  'zero-width characters': 'spam\u200bspam\u200c\u200dspam\u2060\ufeff',
  'only zero-width characters': '\u200b\u200c\u200d',
  'RTL and LTR marks and overrides': '\u202eevil.exe\u202c \u200fمرحبا\u200e hello \u2067abc\u2069',
  'emoji ZWJ sequences': '👩‍👩‍👧‍👦 👨🏽‍💻 🏳️‍🌈 🇯🇵 ❤️‍🔥',
  'NUL bytes': 'before\u0000after\u0000\u0000',
  'C0 and C1 controls': '\u0001\u0002\u0007\u001b[31mred\u001b[0m\u0085\u009b',
  'stacked combining marks': `Z${'\u0300\u0301\u0302\u0303\u0304'.repeat(200)}algo`,
  'astral plane characters': '𝕳𝖊𝖑𝖑𝖔 𓀀𓀁 𠀀𠀁 🀄',
  'unpaired surrogates (sent as U+FFFD or rejected)': 'a\ud800b\udc00c',
  'a 64 KiB single word (at the limit)': 'x'.repeat(MAX_TEXT_BYTES),
  'U+FFFF and noncharacters': '\uffff\ufffe\ufdd0 text',
};

const hasLoneSurrogate = (text: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

/** The violations a text must cause (`must`) and may cause (`may`: unpaired surrogates, which encoders differ on). */
function expectedProblems(text: string): { must: boolean; may: boolean } {
  if (text.trim().length === 0) return { must: true, may: true };
  if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES) return { must: true, may: true };
  return { must: false, may: hasLoneSurrogate(text) };
}

function assertWellFormed(response: ClassifyResponse, texts: string[]): void {
  assert.equal(response.results.length, texts.length);
  for (const result of response.results) {
    assert.equal(result.labels.length, 3);
    const sum = result.labels.reduce((total, label) => total + label.score, 0);
    assert.ok(Math.abs(sum - 1) < 1e-3, `scores sum to ${sum}`);
    assert.ok(result.labels.every((label) => Number.isFinite(label.score) && label.score >= 0));
    assert.ok(result.tokenCount >= 2 && result.tokenCount <= 512, `${result.tokenCount} tokens`);
  }
}

describe('hostile and malformed input through the gateway', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let metricsPort: number;
  let roomy: InferenceClient;
  const acme = ApiKeyFormat.generate().key;
  const globex = ApiKeyFormat.generate().key;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-hostile-'));
    const tenants = writeTenantsFile(dir, [
      { id: 'acme', key: acme },
      { id: 'globex', key: globex },
    ]).path;
    metricsPort = await freePort();
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_TENANTS_FILE: tenants, SIEVE_METRICS_ADDRESS: `127.0.0.1:${metricsPort}` },
    });
    const gateway = await cluster.addGateway({
      SIEVE_TENANTS_FILE: tenants,
      SIEVE_MAX_TEXT_BYTES: String(2 << 20),
    });
    roomy = new (loadSieveProtos().grpc.sieve.v1.Inference)(gateway.address, credentials.createInsecure());
  });
  after(async () => {
    roomy?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const classify = (request: object, key = acme, client?: InferenceClient, deadlineMs = 15_000) =>
    unary<ClassifyResponse>(client ?? cluster.gateways[0]!.client, 'Classify', request, { key, deadlineMs });

  it('answers any Unicode texts with scores or INVALID_ARGUMENT naming each bad text, while another tenant is served', async () => {
    const bystander: Array<Outcome<ClassifyResponse>> = [];
    let hostile = true;
    const bystanderLoop = (async () => {
      while (hostile) bystander.push(await classify({ model: 'tiny', texts: ['a normal message'] }, globex));
    })();
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 64 }),
      fc.string({ unit: 'grapheme', maxLength: 32 }),
      // Any UTF-16 code unit, unpaired surrogates included.
      fc.string({ unit: fc.nat(0xffff).map((unit) => String.fromCharCode(unit)), maxLength: 32 }),
      fc.constantFrom(
        ...Object.values(AWKWARD_TEXTS),
        ...Object.values(MODEL_CARD_LANGUAGES),
        '',
        ' \t\n\u3000',
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 6 }), async (texts) => {
        const { response, error } = await classify({ model: 'tiny', texts });
        const expected = texts.map(expectedProblems);
        if (response) {
          assert.ok(!expected.some((e) => e.must), `accepted ${JSON.stringify(texts)}`);
          assertWellFormed(response, texts);
          return;
        }
        assert.equal(error?.code, status.INVALID_ARGUMENT, describeError(error));
        const fields = violatedFields(error);
        assert.ok(fields.length > 0, describeError(error));
        for (const field of fields) {
          const index = Number(/^texts\[(\d+)\]$/.exec(field)?.[1] ?? NaN);
          assert.ok(
            expected[index]?.may,
            `${field} flagged in ${JSON.stringify(texts)}: ${describeError(error)}`,
          );
        }
        expected.forEach((e, index) => {
          if (e.must) assert.ok(fields.includes(`texts[${index}]`), `texts[${index}] not flagged`);
        });
      }),
      { numRuns: 150 },
    );
    hostile = false;
    await bystanderLoop;
    assert.ok(bystander.length > 0);
    for (const outcome of bystander) assert.ok(outcome.response, describeError(outcome.error));
  });

  it("classifies every script of the model card's language list", async () => {
    const texts = Object.values(MODEL_CARD_LANGUAGES);
    const { response, error } = await classify({ model: 'tiny', texts });
    assert.ok(response, describeError(error));
    assertWellFormed(response, texts);
  });

  for (const [name, text] of Object.entries(AWKWARD_TEXTS)) {
    it(`answers ${name}`, async () => {
      const { response, error } = await classify({ model: 'tiny', texts: [text] });
      if (hasLoneSurrogate(text) && error) {
        assert.deepEqual(violatedFields(error), ['texts[0]'], describeError(error));
        return;
      }
      assert.ok(response, describeError(error));
      assertWellFormed(response, [text]);
    });
  }

  it('refuses empty and whitespace-only texts, naming each', async () => {
    const texts = ['fine', '', ' ', '\t\r\n', '\u3000\u00a0\u2028', 'also fine'];
    const { error } = await classify({ model: 'tiny', texts });
    assert.equal(error?.code, status.INVALID_ARGUMENT);
    assert.deepEqual(violatedFields(error), ['texts[1]', 'texts[2]', 'texts[3]', 'texts[4]']);
    assert.match(describeError(error), /texts\[1\]: empty text; texts\[2\]: text is only whitespace/);
  });

  it('refuses a 1 MB single word past the byte limit, and classifies it where the limit allows', async () => {
    const word = 'a'.repeat(1 << 20);
    const refused = await classify({ model: 'tiny', texts: [word] });
    assert.equal(refused.error?.code, status.INVALID_ARGUMENT);
    assert.match(
      describeError(refused.error),
      /texts\[0\]: 1048576 bytes exceed the limit of 65536 bytes per text/,
    );
    const emoji = '👍'.repeat(1 << 18);
    const { response, error } = await classify({ model: 'tiny', texts: [word, emoji] }, acme, roomy);
    assert.ok(response, describeError(error));
    assertWellFormed(response, [word, emoji]);
  });

  it('refuses 100,000 texts in one call by count, before looking at them', async () => {
    const { error } = await classify({
      model: 'tiny',
      texts: Array.from({ length: 100_000 }, (_, i) => `t${i}`),
    });
    assert.equal(error?.code, status.INVALID_ARGUMENT);
    // Counted on the wire before decoding: the count stops at the first text past the limit.
    assert.match(describeError(error), /texts: more than 256 texts exceed the limit of 256 per call/);
  });

  const absurd: Array<[string, object, RegExp]> = [
    ['negative top_k', { options: { topK: -5 } }, /options\.top_k: must be >= 0/],
    [
      'top_k of 2^31-1',
      { options: { topK: 2 ** 31 - 1 } },
      /options\.top_k: 2147483647 exceeds the 3 labels/,
    ],
    ['an unknown truncation', { options: { truncation: 99 } }, /options\.truncation: unknown value 99/],
    ['an unknown priority', { priority: 12345 }, /priority: unknown value 12345/],
    [
      'a 1 MB request id',
      { requestId: 'r'.repeat(1 << 20) },
      /request_id: 1048576 characters exceed the limit of 128/,
    ],
    [
      'a 1 MB model name',
      { model: 'm'.repeat(1 << 20) },
      /model: 1048576 characters exceed the limit of 256/,
    ],
  ];
  for (const [name, fields, expected] of absurd) {
    // "At once": refused by validation (the code and message say so), not after waiting for a worker.
    it(`answers ${name} with INVALID_ARGUMENT at once`, async () => {
      const { error } = await classify({ model: 'tiny', texts: ['hi'], ...fields }, acme, undefined, 5000);
      assert.equal(error?.code, status.INVALID_ARGUMENT, describeError(error));
      assert.match(describeError(error), expected);
      assert.ok(error!.details.length <= 1100, `a ${error!.details.length}-character message`);
    });
  }

  it('answers made-up model names with NOT_FOUND and keeps them out of the metric labels', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `made-up-model-${i}-${'x'.repeat(200)}`);
    for (const model of names) {
      const { error } = await classify({ model, texts: ['hi'] }, acme, undefined, 5000);
      assert.equal(error?.code, status.NOT_FOUND, describeError(error));
    }
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.ok(!metrics.includes('made-up-model'), 'a caller-chosen model name became a metric label');
    assert.match(metrics, /sieve_requests_total\{[^}]*code="NOT_FOUND"[^}]*model="unknown"/);
  });

  it('answers a deadline decades away promptly and keeps serving (the gateway caps deadlines)', async () => {
    for (const days of [20, 30, 10_000]) {
      const started = Date.now();
      const { response, error } = await classify(
        { model: 'tiny', texts: ['hi'] },
        acme,
        undefined,
        days * 86_400_000,
      );
      // Against a hang only (the call would otherwise wait for its far deadline): generous for a busy machine.
      assert.ok(Date.now() - started < 30_000, `${days} days took ${Date.now() - started} ms`);
      // grpc-js reads a timeout over 2^31 ms modulo 2^32, so some such calls end at once as DEADLINE_EXCEEDED.
      assert.ok(response || error?.code === status.DEADLINE_EXCEEDED, describeError(error));
    }
    const after = await classify({ model: 'tiny', texts: ['after'] }, globex);
    assert.ok(after.response, describeError(after.error));
  });

  it('leaves both gateways and the worker running, with no uncaught error logged', async () => {
    for (const service of [...cluster.gateways.map((g) => g.process), ...cluster.workers]) {
      assert.ok(!service.output.some((line) => /uncaught|unhandled|"level":60/i.test(line)), service.name);
    }
    const { response } = await classify({ model: 'tiny', texts: ['done'] }, globex, roomy);
    assert.ok(response);
  });
});
