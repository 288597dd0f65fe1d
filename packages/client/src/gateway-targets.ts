/** Where the gateways are: one address, several, or a DNS name whose every address is used. */
export type GatewayAddresses = string | readonly string[];

/** A gRPC target and the channel options it needs. */
export interface GatewayTarget {
  target: string;
  /** `grpc.service_config` choosing round_robin for a name that resolves to several addresses. */
  serviceConfig?: string;
}

const ROUND_ROBIN = JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] });
/** grpc-js targets that resolve to several addresses: a DNS name, or a static list of IP addresses. */
const BALANCED = /^(dns|ipv4|ipv6):/;

/**
 * The targets to open one channel each for. A `dns:` name is one channel that balances round robin over every
 * address the name resolves to (grpc-js re-resolves it when connections fail), and so is an `ipv4:`/`ipv6:` list
 * (grpc-js's static resolver: "ipv4:10.0.0.1:50051,10.0.0.2:50051"); a list of addresses is one channel per address,
 * which the client rotates through per call, so a retry goes to the next gateway.
 */
export function gatewayTargets(addresses: GatewayAddresses): GatewayTarget[] {
  // "ipv4:a:1,b:2" is one grpc-js target (a static list); "a:1,b:2" is two addresses.
  const list =
    typeof addresses === 'string' && !BALANCED.test(addresses) ? addresses.split(',') : [addresses].flat();
  const targets = list.map((address) => address.trim()).filter((address) => address.length > 0);
  if (targets.length === 0) throw new Error('no gateway address given');
  return targets.map((target) =>
    BALANCED.test(target) ? { target, serviceConfig: ROUND_ROBIN } : { target },
  );
}
