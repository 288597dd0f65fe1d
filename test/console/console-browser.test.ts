// The operators' console in a real browser: Debian's chromium, headless, driven by playwright-core against a
// started cluster (Redis, a worker with the tiny model, a gateway serving tenant HTTP on one port and the admin
// plane with the console on another, SIEVE_ADMIN_HTTP_ADDRESS, as docs/console.md recommends). Signs in with the
// admin token (a wrong one is refused with a clear message), sees the served model and a tenant's usage after
// traffic, visits the queues, heads and health views, follows a batch job and cancels it through the confirmation
// dialog, and pages the tenants table with Load more. Screenshots go to test-results/console/
// (docs/images/console-*.png are copies of a run's). Waits are on page state, generous for a busy 2-core machine;
// nothing is timed. playwright-core rather than playwright: it bundles and downloads no browser, so the test drives
// the distribution's chromium that CI installs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, type AdminClient } from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { freePort, SieveCluster, tinyModelDir } from '@sieve/testing';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = new URL('../..', import.meta.url).pathname;
const CHROMIUM = process.env.SIEVE_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = join(root, 'test-results', 'console');
const ADMIN_TOKEN = 'console-admin-token-0123456789abcdef';
/** Page state can take long to arrive on a loaded machine (a refresh every 3 s, usage flushed every second). */
const WAIT_MS = 90_000;
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** Large enough that the job is still running when the worker is held (see batch-jobs' cancel test). */
const BATCH_TEXTS = 60_000;

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// CI installs chromium (.ci/run); only a machine without it skips, and says so.
const skip =
  !existsSync(CHROMIUM) && process.env.CI !== 'true'
    ? `chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set SIEVE_CHROMIUM)`
    : false;

function* items(count: number): Generator<{ id: string; text: string }> {
  for (let i = 0; i < count; i++)
    yield { id: `item-${i}`, text: `batch text ${i} ${'lorem ipsum '.repeat(i % 7)}` };
}

describe('the operators’ console in a browser', { timeout: 600_000, skip }, () => {
  let cluster: SieveCluster;
  let admin: AdminClient;
  let browser: Browser;
  let page: Page;
  /** The admin port, where the console is served. */
  let base: string;
  /** The tenants' HTTP port, which serves no console. */
  let tenantBase: string;
  let acmeKey: string;
  let globexKey: string;

  const adminCall = <T>(method: string, request: object): Promise<T> =>
    new Promise((resolve, reject) => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${ADMIN_TOKEN}`);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the generated client's methods by name
      (admin as any)[method](request, metadata, (error: ServiceError | null, response: T) =>
        error ? reject(error) : resolve(response),
      );
    });

  const shoot = async (name: string) => {
    await page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: true });
  };

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // The gateway serves packages/console/dist: build it from the sources under test.
    const built = spawnSync(process.execPath, ['scripts/build-dist.mjs', 'packages/console'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(built.status, 0, built.stderr);
    const [httpPort, adminPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${adminPort}`;
    tenantBase = `http://127.0.0.1:${httpPort}`;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: {
        SIEVE_ADMIN_TOKEN: ADMIN_TOKEN,
        SIEVE_HTTP_ADDRESS: `127.0.0.1:${httpPort}`,
        SIEVE_ADMIN_HTTP_ADDRESS: `127.0.0.1:${adminPort}`,
        SIEVE_CONSOLE_ENABLED: 'true',
        // Small chunks: a batch job's progress moves in many steps the page can show.
        SIEVE_BATCH_CHUNK_TEXTS: '64',
      },
    });
    admin = new (loadSieveProtos().grpc.sieve.v1.Admin)(
      cluster.gateways[0]!.address,
      credentials.createInsecure(),
    );
    await adminCall('CreateTenant', {
      tenant: { id: 'acme', displayName: 'Acme Corp', limits: { textsPerMinute: 100000 }, weight: 2 },
    });
    // One request a minute: its second and third calls are rejected, and the console shows why.
    await adminCall('CreateTenant', {
      tenant: { id: 'globex', displayName: 'Globex', limits: { requestsPerMinute: 1 } },
    });
    globexKey = (
      await adminCall<{ secret: string }>('IssueKey', { tenantId: 'globex', name: 'console-test' })
    ).secret;
    acmeKey = (await adminCall<{ secret: string }>('IssueKey', { tenantId: 'acme', name: 'console-test' }))
      .secret;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: LAPTOP });
    page.setDefaultTimeout(WAIT_MS);
  });

  after(async () => {
    await browser?.close();
    admin?.close();
    await cluster?.stop();
  });

  it('is served with a strict Content-Security-Policy, nosniff and no framing', async () => {
    const page = await fetch(`${base}/console/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'no inline script, no other origin');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const html = await page.text();
    assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]/, 'no inline script');
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from another origin');
    const script = await fetch(`${base}/console/main.js`);
    assert.match(script.headers.get('content-type')!, /^text\/javascript/);
    const again = await fetch(`${base}/console/main.js`, {
      headers: { 'if-none-match': script.headers.get('etag')! },
    });
    assert.equal(again.status, 304);
    const bare = await fetch(`${base}/console`, { redirect: 'manual' });
    assert.equal(bare.status, 308);
    assert.equal(bare.headers.get('location'), '/console/');
    assert.equal((await fetch(`${base}/console/..%2Fpackage.json`)).status, 404);
    assert.equal((await fetch(`${base}/console/`, { method: 'POST' })).status, 405);
    // Not on the tenants' port, which an Ingress may expose.
    assert.equal((await fetch(`${tenantBase}/console/`)).status, 404);
  });

  it('refuses a wrong token with a clear message, and a tenant key too', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Admin token').fill('not-the-admin-token-at-all-000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.locator('#sign-in-error');
    await error.getByText('refused this token').waitFor();
    assert.match((await error.textContent())!, /Sign in with the admin token/);
    await shoot('sign-in-refused');
    await page.getByLabel('Admin token').fill(acmeKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await error.getByText('a tenant API key is not accepted').waitFor();
    assert.equal(await page.locator('nav').count(), 0, 'still signed out');
  });

  it('signs in with the admin token and shows the served model with its worker', async () => {
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('nav').waitFor();
    const models = page.getByRole('table', { name: 'Models' });
    await models.getByText('ready', { exact: true }).waitFor();
    assert.match((await models.textContent())!, /tiny/);
    await page.getByRole('table', { name: 'Workers' }).getByText('tiny@').first().waitFor();
    const stored = await page.evaluate("sessionStorage.getItem('sieve.console.adminToken')");
    assert.equal(stored, ADMIN_TOKEN, 'kept for this tab only');
    await shoot('models');
  });

  it('shows a tenant’s usage after Classify traffic', async () => {
    const classify = (key: string) => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${key}`);
      return new Promise<ServiceError | null>((resolve) =>
        cluster.gateways[0]!.client.Classify(
          { model: 'tiny', texts: ['a good day', 'a bad day', 'another day'] },
          metadata,
          (error: ServiceError | null) => resolve(error),
        ),
      );
    };
    for (let call = 0; call < 5; call++) assert.equal(await classify(acmeKey), null);
    const globexAnswers = [await classify(globexKey), await classify(globexKey), await classify(globexKey)];
    assert.equal(globexAnswers.filter((error) => error !== null).length, 2, 'one request a minute');
    await page.getByRole('link', { name: 'Tenants' }).click();
    const tenants = page.getByRole('table', { name: 'Tenants' });
    await tenants.getByText('Acme Corp').waitFor();
    assert.match((await tenants.textContent())!, /100,000 texts\/min/, 'its limits');
    const acmeRow = tenants.getByRole('row').filter({ hasText: 'Acme Corp' });
    await acmeRow.getByRole('button', { name: 'Usage' }).click();
    // The gateway flushes usage every second; the view reads it again every 3 s.
    await page
      .locator('.usage[data-tenant="acme"] [data-figure="texts"]')
      .getByText('15', { exact: true })
      .waitFor();
    await page.locator('.usage[data-tenant="acme"] svg.usage-chart').waitFor();
    await tenants
      .getByRole('row')
      .filter({ hasText: 'Globex' })
      .getByRole('button', { name: 'Usage' })
      .click();
    await page
      .locator('.usage[data-tenant="globex"] [data-figure="rejections"]')
      .getByText('2', { exact: true })
      .waitFor();
    await page.getByRole('table', { name: 'Rejections by reason' }).waitFor();
    await shoot('tenants');
    await page.setViewportSize(PHONE);
    await shoot('tenants-phone');
    await page.setViewportSize(LAPTOP);
    await page.getByRole('link', { name: 'Queues' }).click();
    await page.locator('main[data-view="queues"]').waitFor();
    await page.getByRole('link', { name: 'Heads' }).click();
    await page
      .locator('main[data-view="heads"]')
      .getByText(/Tenant globex has trained no head/)
      .waitFor();
    await page.getByRole('link', { name: 'Health' }).click();
    await page.getByRole('table', { name: 'Health' }).getByText('healthy', { exact: true }).waitFor();
    await page
      .getByRole('table', { name: 'Gateways' })
      .getByText(/\(this one\)$/)
      .waitFor();
    await shoot('health');
  });

  it('follows a batch job’s progress and cancels it after the confirmation', async () => {
    const batches = new BatchClient(cluster.gateways[0]!.address, { apiKey: acmeKey });
    const worker = cluster.workers[0]!;
    try {
      await page.getByRole('link', { name: 'Batch jobs' }).click();
      await page.locator('main[data-view="batches"]').waitFor();
      const { batch } = await batches.submit(
        { model: 'tiny', displayName: 'nightly-moderation', idempotencyKey: 'console-batch' },
        items(BATCH_TEXTS),
      );
      const id = batch!.id;
      const row = page
        .getByRole('table', { name: 'Batch jobs' })
        .getByRole('row')
        .filter({ hasText: 'nightly-moderation' });
      await row.waitFor();
      // Hold the worker still once the job has started, so that the page's progress and the cancel land mid-job
      // however fast this machine runs the rest.
      while (Number((await batches.get(id)).doneCount) === 0) await settle(50);
      worker.signal('SIGSTOP');
      await row.locator('[data-state="running"]').waitFor();
      await row.getByText(/^[1-9][\d,]* \/ 60,000$/).waitFor();
      await shoot('batches');
      await page.getByRole('link', { name: 'Queues' }).click();
      await page.locator('main[data-view="queues"]').waitFor();
      await shoot('queues');
      await page.getByRole('link', { name: 'Batch jobs' }).click();
      await row.locator('[data-state="running"]').waitFor();
      let dialogMessage = '';
      page.once('dialog', (dialog) => {
        dialogMessage = dialog.message();
        void dialog.accept();
      });
      await row.getByRole('button', { name: 'Cancel' }).click();
      await row.locator('[data-state="cancelled"]').waitFor();
      assert.match(dialogMessage, /^Cancel batch "nightly-moderation" \(.+\) of tenant acme\?/);
      assert.equal(
        await row.getByRole('button', { name: 'Cancel' }).count(),
        0,
        'an ended batch has no cancel',
      );
      const cancelled = await batches.get(id);
      assert.equal(cancelled.state, 'BATCH_STATE_CANCELLED');
      assert.ok(Number(cancelled.doneCount) < BATCH_TEXTS, 'cancelled before its end');
      await shoot('batches-cancelled');
    } finally {
      worker.signal('SIGCONT');
      batches.close();
    }
  });

  it('loads the next page of tenants with Load more, and keeps it across refreshes', async () => {
    // 2 tenants so far; 199 more make 201, one past the view's page of 200.
    const ids = Array.from({ length: 199 }, (_, i) => `paged-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < ids.length; i += 20) {
      await Promise.all(ids.slice(i, i + 20).map((id) => adminCall('CreateTenant', { tenant: { id } })));
    }
    await page.getByRole('link', { name: 'Tenants' }).click();
    const rows = page.getByRole('table', { name: 'Tenants' }).locator('tbody tr');
    await page.getByText('Showing the first 200 tenants by id.').waitFor();
    assert.equal(await rows.count(), 200);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('Showing all 201 tenants by id.').waitFor();
    assert.equal(await rows.count(), 201);
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0, 'nothing more to load');
    // Read again every 3 s: the second page stays shown.
    await page
      .locator('.updated')
      .getByText(/Updated/)
      .waitFor();
    await settle(3500);
    assert.equal(await rows.count(), 201);
  });

  it('never shows a text or a key, and signs out', async () => {
    const html = await page.content();
    assert.ok(!html.includes(acmeKey), 'no tenant key');
    assert.ok(!html.includes(ADMIN_TOKEN), 'the token is never rendered');
    assert.ok(!/batch text \d/.test(html) && !html.includes('a good day'), 'no texts');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    assert.equal(await page.evaluate("sessionStorage.getItem('sieve.console.adminToken')"), null);
  });
});
