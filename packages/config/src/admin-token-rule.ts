import { z } from 'zod';

/** Shortest admin token the gateway accepts: long enough that guessing it over the network is hopeless. */
export const ADMIN_TOKEN_MIN_LENGTH = 24;

/** The gateway's rule for SIEVE_ADMIN_TOKEN, shared so that a launcher can refuse a bad token before starting anything. */
export const adminTokenSchema = z
  .string()
  .min(ADMIN_TOKEN_MIN_LENGTH, `must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters`);

/** What is wrong with `token` under the gateway's rule, or undefined when the gateway would accept it. */
export function adminTokenProblem(token: string): string | undefined {
  const checked = adminTokenSchema.safeParse(token);
  return checked.success ? undefined : checked.error.issues.map((issue) => issue.message).join('; ');
}
