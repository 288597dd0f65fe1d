import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * Serves a registry at GET /metrics in the Prometheus text format (what Prometheus, the OTel Collector's
 * Prometheus receiver and a ServiceMonitor scrape). Everything else is 404.
 */
export class MetricsServer {
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static listen(registry: Registry, address: string): Promise<MetricsServer> {
    const match = /^(.*):(\d+)$/.exec(address);
    if (!match) throw new Error(`metrics address "${address}" must be host:port`);
    const host = match[1]!.replace(/^\[|\]$/g, '');
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      registry.metrics().then(
        (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(Number(match[2]), host, () => {
        const bound = server.address();
        resolve(
          new MetricsServer(server, typeof bound === 'object' && bound ? bound.port : Number(match[2])),
        );
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
