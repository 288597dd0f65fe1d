import { TENANT_ID_PATTERN } from '@sieve/tenancy';
import { CliError } from './cli-error.ts';
import { ExitCode } from './exit-codes.ts';

/** A tenant id as the gateway accepts it, checked before any call so that a typo is a usage error (exit 2). */
export function checkedTenantId(id: string, flag = 'tenant id'): string {
  if (!TENANT_ID_PATTERN.test(id)) {
    throw new CliError(
      `${flag} "${id}" is not valid: lowercase letters, digits and "-", 1 to 63 characters`,
      ExitCode.usage,
    );
  }
  return id;
}
