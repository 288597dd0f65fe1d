// The gateway's certificate files: checked at start, swapped for new connections when they change, and kept when a
// change is wrong (a half-rotated pair, a bad edit), so that a rotation mistake never takes the gateway down.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { experimental, Server } from '@grpc/grpc-js';
import { TestCertificateAuthority, type CertificateFiles } from '@sieve/testing';
import {
  TlsCertificateFiles,
  TlsFilesError,
  type TlsCertificateSummary,
} from '../../src/edge/tls-certificate-files.ts';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The SHA-256 fingerprint of the certificate a new TLS connection to the port is served. */
function servedFingerprint(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: readFileSync(ca), ALPNProtocols: ['h2'] }, () => {
      resolve(socket.getPeerX509Certificate()!.fingerprint256);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

const fingerprintOf = (file: string) => new X509Certificate(readFileSync(file)).fingerprint256;

/** Replaces a file the way an editor or kubelet does: write aside, rename over. */
function replace(target: string, source: string): void {
  copyFileSync(source, `${target}.new`);
  renameSync(`${target}.new`, target);
}

describe('TlsCertificateFiles', () => {
  let dir: string;
  let ca: TestCertificateAuthority;
  let first: CertificateFiles;
  let second: CertificateFiles;
  let live: CertificateFiles;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-tls-files-'));
    ca = TestCertificateAuthority.create(dir);
    first = ca.issue('first', 'server');
    second = ca.issue('second', 'server');
    live = { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
    copyFileSync(first.certFile, live.certFile);
    copyFileSync(first.keyFile, live.keyFile);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start on a missing file, a key that does not fit, or a CA that is not PEM, naming the file', async () => {
    await assert.rejects(
      TlsCertificateFiles.open({ certFile: join(dir, 'missing.crt'), keyFile: live.keyFile }),
      (error: unknown) => error instanceof TlsFilesError && /missing\.crt: cannot read/.test(error.message),
    );
    await assert.rejects(
      TlsCertificateFiles.open({ certFile: first.certFile, keyFile: second.keyFile }),
      (error: unknown) =>
        error instanceof TlsFilesError &&
        error.message.includes(`${second.keyFile} does not fit ${first.certFile}`),
    );
    await assert.rejects(
      TlsCertificateFiles.open({ ...first, clientCaFile: first.keyFile }),
      (error: unknown) => error instanceof TlsFilesError && /not a PEM CA certificate/.test(error.message),
    );
  });

  it('serves a changed pair to new connections and keeps the last good one through bad edits', async () => {
    const reloads: TlsCertificateSummary[] = [];
    const errors: TlsFilesError[] = [];
    const files = await TlsCertificateFiles.open(live, {
      onReload: (summary) => reloads.push(summary),
      onError: (error) => errors.push(error),
      debounceMs: 20,
    });
    const server = new Server();
    try {
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(
          '127.0.0.1:0',
          experimental.createCertificateProviderServerCredentials(files, null, false),
          (error, bound) => (error ? reject(error) : resolve(bound)),
        ),
      );
      assert.equal(await servedFingerprint(port, ca.caFile), fingerprintOf(first.certFile));

      // Half a rotation: the new certificate with the old key is refused, the old pair stays served.
      replace(live.certFile, second.certFile);
      await files.reload();
      assert.match(errors.at(-1)?.message ?? '', /does not fit/);
      assert.equal(await servedFingerprint(port, ca.caFile), fingerprintOf(first.certFile));

      // The key arrives: the watcher sees it by itself and new connections get the new certificate.
      replace(live.keyFile, second.keyFile);
      for (let i = 0; i < 100 && reloads.length === 0; i++) await settle(20);
      assert.equal(reloads.length, 1, 'one reload for the completed rotation');
      assert.equal(reloads[0]!.fingerprint256, fingerprintOf(second.certFile));
      assert.equal(await servedFingerprint(port, ca.caFile), fingerprintOf(second.certFile));

      writeFileSync(live.certFile, 'not a certificate');
      await files.reload();
      assert.match(errors.at(-1)?.message ?? '', /not a PEM certificate/);
      assert.equal(await servedFingerprint(port, ca.caFile), fingerprintOf(second.certFile));
    } finally {
      server.forceShutdown();
      files.close();
    }
  });
});
