// Where the contract lives and how it is loaded. The generator script and the runtime loader both read these,
// so generated types and loaded objects cannot disagree.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

const here = dirname(fileURLToPath(import.meta.url));

const REPOSITORY_PROTO = join(here, '../../../proto');
const BUNDLED_PROTO = join(here, '../proto');

/**
 * The `proto/` directory (the public contract plus vendored google.rpc types). In the workspace (the package has
 * its src/) the repository's, even while `pnpm pack` has a copy in the package (scripts/pack-package.mjs): a
 * service starting then must not read a half-written or vanishing directory. In a packed package (no src/) its own
 * copy; where there is none (the portable archive and the image keep dist/ and the repository's proto/), the
 * repository's.
 */
export const PROTO_ROOT =
  !existsSync(join(here, '../src')) && existsSync(join(BUNDLED_PROTO, 'sieve/v1'))
    ? BUNDLED_PROTO
    : REPOSITORY_PROTO;

/** grpc.health.v1 as shipped by grpc-health-check, so clients and server share one definition. */
export const HEALTH_PROTO_DIR = join(dirname(require.resolve('grpc-health-check/package.json')), 'proto');

export const PROTO_INCLUDE_DIRS = [PROTO_ROOT];

export const PROTO_FILES = [
  'sieve/v1/classification.proto',
  'sieve/v1/inference.proto',
  'sieve/v1/batches.proto',
  'sieve/v1/heads.proto',
  'sieve/v1/models.proto',
  'sieve/v1/admin.proto',
  'sieve/v1/error_reason.proto',
  'google/rpc/status.proto',
  'google/rpc/error_details.proto',
];

/**
 * camelCase fields, enums as their names, 64-bit integers as JS numbers (every count in the contract stays far
 * below 2^53), defaults filled in so that handlers never see undefined scalars, and `oneofs` for the virtual
 * "which field is set" property.
 */
export const LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  oneofs: true,
} as const;
