// gRPC over TLS and mTLS as an operator deploys it: certificates from files (a private CA made with openssl),
// plaintext and untrusted clients refused, client certificates required and checked with mTLS, a renewed
// certificate served to new connections without a restart, and the CLI and @sieve/client reaching it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { credentials, status, type ChannelCredentials } from '@grpc/grpc-js';
import { loadSieveProtos, type ClassifyResponse } from '@sieve/api';
import { BatchClient, gatewayChannelCredentials } from '@sieve/client';
import {
  freePort,
  ServiceProcess,
  SieveCluster,
  TestCertificateAuthority,
  tinyModelDir,
  type CertificateFiles,
} from '@sieve/testing';
import { runSieve } from '../fixtures/sieve-cli.ts';
import { describeError, unary } from './grpc-test-client.ts';

const sieve = (args: string[], env: Record<string, string> = {}) => runSieve(args, { env });

const fingerprintOf = (file: string) => new X509Certificate(readFileSync(file)).fingerprint256;

/** The certificate a new TLS connection to the gateway is served. */
function servedFingerprint(address: string, ca: string): Promise<string> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port), ca: readFileSync(ca), ALPNProtocols: ['h2'] }, () => {
      resolve(socket.getPeerX509Certificate()!.fingerprint256);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

/** Waits for a log line matching `pattern` among those written after the first `skip` lines. */
async function waitForLine(
  process: ServiceProcess,
  pattern: RegExp,
  skip = 0,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!process.output.slice(skip).some((line) => pattern.test(line))) {
    if (Date.now() > until) throw new Error(`no log line ${pattern} in:\n${process.output.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('gateway over TLS and mTLS', { timeout: 180_000 }, () => {
  let dir: string;
  let ca: TestCertificateAuthority;
  let rogue: TestCertificateAuthority;
  let first: CertificateFiles;
  let renewed: CertificateFiles;
  let client: CertificateFiles;
  let rogueClient: CertificateFiles;
  let live: CertificateFiles;
  let cluster: SieveCluster;
  let tlsGateway: { process: ServiceProcess; address: string };
  let mtlsGateway: { process: ServiceProcess; address: string };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-gateway-tls-'));
    ca = TestCertificateAuthority.create(dir, 'sieve-ca');
    rogue = TestCertificateAuthority.create(dir, 'rogue-ca');
    first = ca.issue('gateway-first', 'server');
    renewed = ca.issue('gateway-renewed', 'server');
    client = ca.issue('client', 'client');
    rogueClient = rogue.issue('rogue-client', 'client');
    live = { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
    copyFileSync(first.certFile, live.certFile);
    copyFileSync(first.keyFile, live.keyFile);
    cluster = await SieveCluster.start({ modelDir: await tinyModelDir(), gateways: 0 });
    const tls = { SIEVE_TLS_CERT_FILE: live.certFile, SIEVE_TLS_KEY_FILE: live.keyFile };
    tlsGateway = await cluster.addGateway(tls);
    mtlsGateway = await cluster.addGateway({ ...tls, SIEVE_TLS_CLIENT_CA_FILE: ca.caFile });
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const classifyOver = async (address: string, channel: ChannelCredentials) => {
    const inference = new (loadSieveProtos().grpc.sieve.v1.Inference)(address, channel);
    try {
      return await unary<ClassifyResponse>(
        inference,
        'Classify',
        { model: 'tiny', texts: ['over TLS'] },
        { deadlineMs: 5000 },
      );
    } finally {
      inference.close();
    }
  };
  const refused = (outcome: { error?: { code: number } }) =>
    outcome.error?.code === status.UNAVAILABLE || outcome.error?.code === status.DEADLINE_EXCEEDED;

  it('says which transport it serves', () => {
    assert.ok(tlsGateway.process.output.some((line) => /"transport":"tls".*gateway listening/.test(line)));
    assert.ok(mtlsGateway.process.output.some((line) => /"transport":"mtls".*gateway listening/.test(line)));
  });

  it('refuses plaintext and clients that do not trust its CA; serves a client trusting it', async () => {
    const plaintext = await classifyOver(tlsGateway.address, credentials.createInsecure());
    assert.ok(refused(plaintext), describeError(plaintext.error));
    const systemRoots = await classifyOver(tlsGateway.address, credentials.createSsl());
    assert.ok(refused(systemRoots), describeError(systemRoots.error));
    const trusted = await classifyOver(tlsGateway.address, gatewayChannelCredentials({ caFile: ca.caFile }));
    assert.equal(trusted.response?.results.length, 1, describeError(trusted.error));
  });

  it('with mTLS, refuses a client without a certificate or with one from another CA; serves a signed one', async () => {
    const noCertificate = await classifyOver(
      mtlsGateway.address,
      gatewayChannelCredentials({ caFile: ca.caFile }),
    );
    assert.ok(refused(noCertificate), describeError(noCertificate.error));
    const foreign = await classifyOver(
      mtlsGateway.address,
      gatewayChannelCredentials({ caFile: ca.caFile, ...rogueClient }),
    );
    assert.ok(refused(foreign), describeError(foreign.error));
    const signed = await classifyOver(
      mtlsGateway.address,
      gatewayChannelCredentials({ caFile: ca.caFile, ...client }),
    );
    assert.equal(signed.response?.results.length, 1, describeError(signed.error));

    const batches = new BatchClient(mtlsGateway.address, {
      credentials: gatewayChannelCredentials({ caFile: ca.caFile, ...client }),
    });
    try {
      assert.deepEqual((await batches.list()).batches, []);
    } finally {
      batches.close();
    }
  });

  it('serves a renewed certificate to new connections without a restart, and keeps it through a bad edit', async () => {
    assert.equal(await servedFingerprint(tlsGateway.address, ca.caFile), fingerprintOf(first.certFile));
    const before = new (loadSieveProtos().grpc.sieve.v1.Inference)(
      tlsGateway.address,
      gatewayChannelCredentials({ caFile: ca.caFile }),
    );
    try {
      assert.ok((await unary(before, 'Classify', { model: 'tiny', texts: ['old connection'] })).response);
      let logged = tlsGateway.process.output.length;
      // As a Secret update lands: each file replaced by a rename.
      for (const [from, to] of [
        [renewed.certFile, live.certFile],
        [renewed.keyFile, live.keyFile],
      ] as const) {
        copyFileSync(from, `${to}.tmp`);
        renameSync(`${to}.tmp`, to);
      }
      await waitForLine(tlsGateway.process, /TLS certificate reloaded/, logged);
      assert.equal(await servedFingerprint(tlsGateway.address, ca.caFile), fingerprintOf(renewed.certFile));
      const fresh = await classifyOver(tlsGateway.address, gatewayChannelCredentials({ caFile: ca.caFile }));
      assert.ok(fresh.response, describeError(fresh.error));
      const old = await unary(before, 'Classify', { model: 'tiny', texts: ['still the old connection'] });
      assert.ok(old.response, 'a connection made before the renewal goes on');

      logged = tlsGateway.process.output.length;
      writeFileSync(live.keyFile, '-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n');
      await waitForLine(tlsGateway.process, /TLS files rejected; keeping the previous certificate/, logged);
      assert.equal(await servedFingerprint(tlsGateway.address, ca.caFile), fingerprintOf(renewed.certFile));
      const afterBadEdit = await classifyOver(
        tlsGateway.address,
        gatewayChannelCredentials({ caFile: ca.caFile }),
      );
      assert.ok(afterBadEdit.response, describeError(afterBadEdit.error));
    } finally {
      before.close();
      copyFileSync(renewed.keyFile, live.keyFile);
    }
  });

  it('lets the CLI call a TLS gateway with --tls-ca and an mTLS gateway with a client certificate', async () => {
    const args = ['classify', '--model', 'tiny', '--json', 'hello over TLS'];
    const withCa = await sieve([...args, '--address', tlsGateway.address, '--tls-ca', ca.caFile]);
    assert.equal(withCa.code, 0, withCa.stderr);
    assert.equal((JSON.parse(withCa.stdout.trim()) as { text: string }).text, 'hello over TLS');

    const plaintext = await sieve([...args, '--address', tlsGateway.address, '--timeout', '3000']);
    assert.notEqual(plaintext.code, 0);

    const mtls = await sieve([...args, '--address', mtlsGateway.address], {
      SIEVE_TLS_CA: ca.caFile,
      SIEVE_TLS_CLIENT_CERT: client.certFile,
      SIEVE_TLS_CLIENT_KEY: client.keyFile,
    });
    assert.equal(mtls.code, 0, mtls.stderr);

    const missing = await sieve([
      ...args,
      '--address',
      tlsGateway.address,
      '--tls-ca',
      join(dir, 'nope.crt'),
    ]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.crt: cannot read/);
  });

  it('does not start with a certificate it cannot serve, naming the file or the variable', async () => {
    const common = { REDIS_URL: cluster.redis.url, SIEVE_QUEUE_PREFIX: cluster.prefix };
    const address = `127.0.0.1:${await freePort()}`;
    await assert.rejects(
      ServiceProcess.start(
        'gateway',
        {
          ...common,
          SIEVE_GRPC_ADDRESS: address,
          SIEVE_TLS_CERT_FILE: first.certFile,
          SIEVE_TLS_KEY_FILE: renewed.keyFile,
        },
        /gateway listening/,
      ),
      /exited with 1[\s\S]*does not fit/,
    );
    await assert.rejects(
      ServiceProcess.start(
        'gateway',
        { ...common, SIEVE_GRPC_ADDRESS: address, SIEVE_TLS_CERT_FILE: first.certFile },
        /gateway listening/,
      ),
      /exited with 2[\s\S]*SIEVE_TLS_KEY_FILE: set SIEVE_TLS_CERT_FILE and SIEVE_TLS_KEY_FILE together/,
    );
  });

  it('does not start plain HTTP beside client certificates, the admin listener no more than the tenant one', async () => {
    const mtls = {
      REDIS_URL: cluster.redis.url,
      SIEVE_QUEUE_PREFIX: cluster.prefix,
      SIEVE_GRPC_ADDRESS: `127.0.0.1:${await freePort()}`,
      SIEVE_TLS_CERT_FILE: first.certFile,
      SIEVE_TLS_KEY_FILE: first.keyFile,
      SIEVE_TLS_CLIENT_CA_FILE: ca.caFile,
      SIEVE_ADMIN_TOKEN: 'admin-token-beside-client-certificates-0123',
    };
    for (const variable of ['SIEVE_HTTP_ADDRESS', 'SIEVE_ADMIN_HTTP_ADDRESS']) {
      await assert.rejects(
        ServiceProcess.start(
          'gateway',
          { ...mtls, [variable]: `127.0.0.1:${await freePort()}` },
          /gateway listening/,
        ),
        new RegExp(
          `exited with 1[\\s\\S]*${variable} with SIEVE_TLS_CLIENT_CA_FILE: the HTTP surface has no client certificates`,
        ),
      );
    }
  });
});
