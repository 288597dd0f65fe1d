import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';

/** Where the console is served; `/console` alone is sent here. */
export const CONSOLE_PATH = '/console/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Every answer of the console carries these. The policy allows only the gateway's own scripts, styles and API (no
 * inline script or style attribute, no other origin), no framing (clickjacking a cancel button), no referrer.
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

export interface ConsoleAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/**
 * The console's built files (packages/console/dist), read once at start: a fixed, small set held in memory (about
 * 40 KB), so a request never touches the filesystem and no path a caller sends can reach a file outside the set.
 */
export class ConsoleAssets {
  private constructor(private readonly assets: ReadonlyMap<string, Asset>) {}

  /** The directory @sieve/console builds into: its dist/ beside its package.json. */
  static defaultDirectory(): string {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('@sieve/console/package.json')), 'dist');
  }

  static load(directory = ConsoleAssets.defaultDirectory()): ConsoleAssets {
    if (!existsSync(join(directory, 'index.html'))) {
      throw new Error(
        `SIEVE_CONSOLE_ENABLED=true, but the console is not built: ${join(directory, 'index.html')} is missing ` +
          '(`pnpm build` builds it)',
      );
    }
    const assets = new Map<string, Asset>();
    for (const name of readdirSync(directory)) {
      const contentType = CONTENT_TYPES[extname(name)];
      const path = join(directory, name);
      if (!contentType || !statSync(path).isFile()) continue;
      const body = readFileSync(path);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      assets.set(name, { body, contentType, etag });
    }
    return new ConsoleAssets(assets);
  }

  static of(files: Record<string, string>): ConsoleAssets {
    const assets = new Map<string, Asset>();
    for (const [name, text] of Object.entries(files)) {
      const body = Buffer.from(text);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      assets.set(name, {
        body,
        contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
        etag,
      });
    }
    return new ConsoleAssets(assets);
  }

  /** Whether a path is the console's to answer. */
  static owns(pathname: string): boolean {
    return pathname === '/console' || pathname.startsWith(CONSOLE_PATH);
  }

  /**
   * The answer to a GET or HEAD of `pathname` (which `owns`): the file, 304 when `ifNoneMatch` is its ETag, a
   * redirect from /console, 404 for anything not in the set, 405 for other methods. Files are revalidated on every
   * load (no-cache with an ETag): their names carry no hash, and a stale script after an upgrade would call routes
   * the gateway no longer has.
   */
  answer(method: string, pathname: string, ifNoneMatch: string | undefined): ConsoleAnswer {
    const headers: Record<string, string> = { ...CONSOLE_SECURITY_HEADERS };
    if (method !== 'GET' && method !== 'HEAD') {
      return {
        status: 405,
        headers: { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' },
        body: '',
      };
    }
    if (pathname === '/console') {
      return { status: 308, headers: { ...headers, location: CONSOLE_PATH }, body: '' };
    }
    const name = pathname.slice(CONSOLE_PATH.length) || 'index.html';
    const asset = /^[A-Za-z0-9._-]+$/.test(name) ? this.assets.get(name) : undefined;
    if (!asset) {
      return {
        status: 404,
        headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        body: `no console file ${name}\n`,
      };
    }
    Object.assign(headers, { 'cache-control': 'no-cache', etag: asset.etag });
    if (ifNoneMatch !== undefined && ifNoneMatch.split(/\s*,\s*/).includes(asset.etag)) {
      return { status: 304, headers, body: '' };
    }
    return {
      status: 200,
      headers: { ...headers, 'content-type': asset.contentType, 'content-length': String(asset.body.length) },
      body: method === 'HEAD' ? '' : asset.body,
    };
  }
}
