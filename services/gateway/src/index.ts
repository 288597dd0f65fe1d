export { GatewayService } from './gateway-service.ts';
