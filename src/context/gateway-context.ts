import { Principal } from '../domain/principal';
import { RequestLoaders } from '../services/loaders/request-loaders';
import { GatewayServices } from '../services/gateway-services';

/** What every resolver receives: the caller, this request's loaders, the services. */
export interface GatewayContext {
  requestId: string;
  principal: Principal;
  loaders: RequestLoaders;
  services: GatewayServices;
}

export function createGatewayContext(services: GatewayServices, principal: Principal, requestId: string): GatewayContext {
  return { requestId, principal, services, loaders: new RequestLoaders(services.salesforceRecords, services.stiggReader, services.batchReads) };
}
