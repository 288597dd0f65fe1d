import { CliError } from './cli-error.ts';

export interface MetricsAddresses {
  gateway: string;
  /** Worker i's address: the port after the gateway's plus i. */
  workers: string[];
}

/**
 * One `HOST:PORT` for a whole `pnpm start`: the gateway's /metrics on PORT and worker i's on PORT+1+i, so that no two
 * processes bind one port (they did, and the cluster died with EADDRINUSE). A usage error (exit 2) when the ports do
 * not fit.
 */
export function metricsAddressesOf(address: string, workers: number, source: string): MetricsAddresses {
  const match = /^(.+):(\d+)$/.exec(address);
  if (!match)
    throw new CliError(`${source} ${JSON.stringify(address)}: expected HOST:PORT, e.g. 127.0.0.1:9400`, 2);
  const host = match[1]!;
  const port = Number(match[2]);
  if (port < 1 || port + workers > 65_535)
    throw new CliError(
      `${source} ${address}: the gateway takes port ${port} and ${workers} worker(s) the ports after it, ` +
        'so PORT must be from 1 to ' +
        (65_535 - workers),
      2,
    );
  return {
    gateway: `${host}:${port}`,
    workers: Array.from({ length: workers }, (_, i) => `${host}:${port + 1 + i}`),
  };
}
