/** Where the gateways are: one address, several, or a DNS name whose every address is used. */
export type GatewayAddresses = string | readonly string[];

/** A gRPC target and the channel options it needs. */
export interface GatewayTarget {
  target: string;
  /** `grpc.service_config` choosing round_robin for a name that resolves to several addresses. */
  serviceConfig?: string;
}

const ROUND_ROBIN = JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] });

/**
 * The targets to open one channel each for. A `dns:` name is one channel that balances over every address the
 * name resolves to (grpc-js re-resolves it when connections fail); a list of addresses is one channel per address,
 * which the client rotates through per call, so a retry goes to the next gateway.
 */
export function gatewayTargets(addresses: GatewayAddresses): GatewayTarget[] {
  const list = typeof addresses === 'string' ? addresses.split(',') : [...addresses];
  const targets = list.map((address) => address.trim()).filter((address) => address.length > 0);
  if (targets.length === 0) throw new Error('no gateway address given');
  return targets.map((target) =>
    target.startsWith('dns:') ? { target, serviceConfig: ROUND_ROBIN } : { target },
  );
}
