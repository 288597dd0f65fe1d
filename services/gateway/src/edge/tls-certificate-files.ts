import type { experimental } from '@grpc/grpc-js';
import { WatchedFile } from '@sieve/config';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';

type CertificateProvider = experimental.CertificateProvider;
type CaListener = experimental.CaCertificateUpdateListener;
type IdentityListener = experimental.IdentityCertificateUpdateListener;

export interface TlsFilePaths {
  certFile: string;
  keyFile: string;
  /** Set: client certificates signed by this CA bundle are required (mTLS). */
  clientCaFile?: string;
}

/** A certificate, key or CA file that cannot be read or does not make a usable TLS setup; names the file. */
export class TlsFilesError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TlsFilesError';
  }
}

/** What a validated set of files holds, for the log line of a (re)load. */
export interface TlsCertificateSummary {
  subject: string;
  validTo: string;
  fingerprint256: string;
  clientCa: boolean;
}

interface TlsMaterial {
  certificate: Buffer;
  privateKey: Buffer;
  caCertificate?: Buffer;
}

/**
 * The gateway's TLS certificate, key and (for mTLS) client CA, read from files and re-read when they change, as a
 * grpc-js `CertificateProvider`: the server's secure context is swapped for new connections without a restart,
 * which is how a renewed certificate in a mounted Secret takes effect. Files are watched through WatchedFile (the
 * directory, so Kubernetes' symlink swap and editors' renames are seen). A change re-reads all files and is served
 * only if the certificate and key match and every PEM parses: mid-rotation (new certificate, old key) or after a
 * bad edit the previous material stays in use and the problem is reported. Listeners never receive null, because
 * grpc-js would then drop every new connection.
 */
export class TlsCertificateFiles implements CertificateProvider {
  private material: TlsMaterial;
  private readonly caListeners = new Set<CaListener>();
  private readonly identityListeners = new Set<IdentityListener>();
  private readonly watched: Array<WatchedFile<string, TlsFilesError>> = [];
  private combining?: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly paths: TlsFilePaths,
    private readonly events: {
      onReload?: (summary: TlsCertificateSummary) => void;
      onError?: (error: TlsFilesError) => void;
      debounceMs: number;
    },
  ) {
    this.material = { certificate: Buffer.alloc(0), privateKey: Buffer.alloc(0) };
  }

  /** Reads and checks the files; throws TlsFilesError naming the file at fault (a gateway must not start so). */
  static async open(
    paths: TlsFilePaths,
    events: {
      onReload?: (summary: TlsCertificateSummary) => void;
      onError?: (error: TlsFilesError) => void;
      debounceMs?: number;
    } = {},
  ): Promise<TlsCertificateFiles> {
    const files = new TlsCertificateFiles(paths, { ...events, debounceMs: events.debounceMs ?? 100 });
    try {
      for (const file of [
        paths.certFile,
        paths.keyFile,
        ...(paths.clientCaFile ? [paths.clientCaFile] : []),
      ]) {
        files.watched.push(
          await WatchedFile.open<string, TlsFilesError>({
            file,
            parse: (text) => text,
            toError: (path, problem) =>
              new TlsFilesError(`${path}: ${problem instanceof Error ? problem.message : String(problem)}`),
            onChange: () => files.scheduleCombine(),
            onError: (error) => files.events.onError?.(error),
            debounceMs: files.events.debounceMs,
          }),
        );
      }
      files.material = files.validated();
    } catch (error) {
      files.close();
      throw error;
    }
    return files;
  }

  get summary(): TlsCertificateSummary {
    return summarize(this.material);
  }

  /** Re-reads every file now and serves them if they are valid (what a change event leads to). */
  async reload(): Promise<void> {
    await Promise.all(this.watched.map((file) => file.reload()));
    this.combine();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.combining);
    for (const file of this.watched) file.close();
  }

  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    // grpc-js registers its listeners before its own watcher: an answer in the same tick would be lost.
    if (this.material.caCertificate)
      process.nextTick(listener, { caCertificate: this.material.caCertificate });
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    process.nextTick(listener, {
      certificate: this.material.certificate,
      privateKey: this.material.privateKey,
    });
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
  }

  // A Secret update changes the certificate and the key together, but each file's watcher reloads on its own:
  // combine once after both have had their turn, or a new certificate would first be checked against the old key.
  private scheduleCombine(): void {
    if (this.closed) return;
    clearTimeout(this.combining);
    this.combining = setTimeout(() => void this.reload(), this.events.debounceMs);
  }

  private combine(): void {
    if (this.closed) return;
    let next: TlsMaterial;
    try {
      next = this.validated();
    } catch (error) {
      this.events.onError?.(error as TlsFilesError);
      return;
    }
    const same =
      next.certificate.equals(this.material.certificate) &&
      next.privateKey.equals(this.material.privateKey) &&
      (next.caCertificate ?? Buffer.alloc(0)).equals(this.material.caCertificate ?? Buffer.alloc(0));
    if (same) return;
    this.material = next;
    for (const listener of this.identityListeners) {
      listener({ certificate: next.certificate, privateKey: next.privateKey });
    }
    if (next.caCertificate) {
      for (const listener of this.caListeners) listener({ caCertificate: next.caCertificate });
    }
    this.events.onReload?.(summarize(next));
  }

  /** The files' current texts as a material TLS accepts, or a TlsFilesError naming what is wrong. */
  private validated(): TlsMaterial {
    const [cert, key, ca] = this.watched.map((file) => Buffer.from(file.value, 'utf8'));
    const { certFile, keyFile, clientCaFile } = this.paths;
    try {
      new X509Certificate(cert!);
    } catch (error) {
      throw new TlsFilesError(`${certFile}: not a PEM certificate (${(error as Error).message})`, {
        cause: error,
      });
    }
    if (ca) {
      try {
        new X509Certificate(ca);
      } catch (error) {
        throw new TlsFilesError(`${clientCaFile}: not a PEM CA certificate (${(error as Error).message})`, {
          cause: error,
        });
      }
    }
    try {
      // What the server will do with them: parses the key and checks that it belongs to the certificate.
      createSecureContext({ cert: cert!, key: key!, ...(ca ? { ca } : {}) });
    } catch (error) {
      throw new TlsFilesError(
        `${keyFile} does not fit ${certFile} (or is not a PEM private key): ${(error as Error).message}`,
        { cause: error },
      );
    }
    return { certificate: cert!, privateKey: key!, ...(ca ? { caCertificate: ca } : {}) };
  }
}

function summarize(material: TlsMaterial): TlsCertificateSummary {
  const certificate = new X509Certificate(material.certificate);
  return {
    subject: certificate.subject.replace(/\n/g, ', '),
    validTo: certificate.validTo,
    fingerprint256: certificate.fingerprint256,
    clientCa: material.caCertificate !== undefined,
  };
}
