import type { GatewayAnnouncement, GatewayRegistry } from '@sieve/queue';
import type { Logger } from 'pino';

/** A gateway drops out of the registry this long after its last announcement (workers' lease is the same). */
export const GATEWAY_LEASE_MS = 3000;

/**
 * This gateway in the gateway registry, renewed three times a lease, and the live gateways as last read with it:
 * the cluster status shows them without a Redis read of its own. A beat that fails (Redis away) keeps the last list
 * and is logged; the next one tries again.
 */
export class GatewayHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private stopped = false;
  private gateways: GatewayAnnouncement[] = [];

  constructor(
    private readonly registry: GatewayRegistry,
    private readonly self: () => Omit<GatewayAnnouncement, 'heartbeatAt'>,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), GATEWAY_LEASE_MS / 3);
  }

  /**
   * The live gateways as last read (this one included once it has announced itself), less those whose lease has
   * lapsed since: while Redis is away no beat reads the list again, and a gateway gone meanwhile must not stay.
   */
  get live(): readonly GatewayAnnouncement[] {
    const now = Date.now();
    return this.gateways.filter(
      (gateway) =>
        gateway.gatewayId === this.self().gatewayId || (gateway.heartbeatAt ?? 0) + GATEWAY_LEASE_MS > now,
    );
  }

  /** Announces now rather than at the next beat (the drain began); one beat at a time. */
  beat(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.beating ??= this.announceAndList().finally(() => (this.beating = undefined));
    return this.beating;
  }

  /** Leaves the registry at once, so that other gateways stop listing this one before its lease would lapse. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.beating;
    await this.registry
      .withdraw(this.self().gatewayId)
      .catch((error: unknown) => this.log.warn({ err: error }, 'gateway registry: cannot withdraw'));
  }

  private async announceAndList(): Promise<void> {
    try {
      await this.registry.announce(this.self(), GATEWAY_LEASE_MS);
      this.gateways = await this.registry.list();
    } catch (error) {
      this.log.warn({ err: error }, 'gateway registry heartbeat failed');
    }
  }
}
