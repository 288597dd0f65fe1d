// Production Redis has a password (ACL user) and often TLS with a private CA; the cluster must work with both.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisServerFixture, SieveCluster, tinyModelDir } from '@sieve/testing';

/** A private CA and a server certificate for 127.0.0.1, made with openssl. */
function makeCertificates(dir: string): { certFile: string; keyFile: string; caFile: string } {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=sieve-test-ca',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
  );
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1' > ${file('ext.cnf')}`]);
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    file('ext.cnf'),
    '-out',
    file('server.crt'),
  );
  return { certFile: file('server.crt'), keyFile: file('server.key'), caFile: file('ca.crt') };
}

describe('Redis with ACL credentials and TLS', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('serves with an ACL user (the default user disabled)', async () => {
    const redis = await RedisServerFixture.start([], { acl: { user: 'sieve', password: 'pa55-word' } });
    const cluster = await SieveCluster.start({ modelDir: await tinyModelDir(), redis });
    try {
      assert.match(redis.url, /^redis:\/\/sieve:pa55-word@/);
      const response = await cluster.classify({ model: 'tiny', texts: ['over ACL'] });
      assert.equal(response.results.length, 1);
    } finally {
      await cluster.stop();
    }
  });

  it('serves over TLS with a private CA and an ACL user', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-tls-'));
    dirs.push(dir);
    const tls = makeCertificates(dir);
    const redis = await RedisServerFixture.start([], { tls, acl: { user: 'sieve', password: 'tls-secret' } });
    const cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      redis,
      env: { REDIS_TLS_CA_FILE: tls.caFile },
    });
    try {
      assert.match(redis.url, /^rediss:\/\//);
      const response = await cluster.classify({ model: 'tiny', texts: ['over TLS'] });
      assert.equal(response.results.length, 1);
    } finally {
      await cluster.stop();
    }
  });
});
