import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

/**
 * A private CA made with `openssl` in a test's directory, issuing server certificates for 127.0.0.1/localhost and
 * client certificates, as an operator's PKI would (P-256 keys: fast to make, accepted by every TLS stack).
 */
export class TestCertificateAuthority {
  readonly caFile: string;
  private readonly caKeyFile: string;
  private serial = 1;

  private constructor(
    private readonly dir: string,
    readonly name: string,
  ) {
    this.caFile = join(dir, `${name}.crt`);
    this.caKeyFile = join(dir, `${name}.key`);
  }

  static create(dir: string, name = 'sieve-test-ca'): TestCertificateAuthority {
    const ca = new TestCertificateAuthority(dir, name);
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      ca.caKeyFile,
      '-out',
      ca.caFile,
    );
    return ca;
  }

  /** A certificate and key signed by this CA: `server` for 127.0.0.1 and localhost, `client` for mTLS. */
  issue(name: string, usage: 'server' | 'client'): CertificateFiles {
    const file = (suffix: string) => join(this.dir, `${name}.${suffix}`);
    openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      file('key'),
      '-out',
      file('csr'),
    );
    writeFileSync(
      file('ext'),
      usage === 'server'
        ? 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'
        : 'extendedKeyUsage=clientAuth\n',
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file('csr'),
      '-CA',
      this.caFile,
      '-CAkey',
      this.caKeyFile,
      '-set_serial',
      String((this.serial += 1)),
      '-days',
      '2',
      '-extfile',
      file('ext'),
      '-out',
      file('crt'),
    );
    return { certFile: file('crt'), keyFile: file('key') };
  }
}

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}
