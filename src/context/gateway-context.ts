import { Principal } from '../domain/principal';
import { RequestLoaders } from '../services/loaders/request-loaders';
import { GatewayServices } from '../services/gateway-services';
import { RequestScope } from '../observability/request-scope';

/** What every resolver receives: the caller, this request's loaders, the services. */
export interface GatewayContext {
  requestId: string;
  principal: Principal;
  loaders: RequestLoaders;
  services: GatewayServices;
}

/**
 * The context of one request. Its read services (and the loaders built on them) are views bound to
 * the request's scope: every upstream read they send carries the request id, explicitly, with no
 * AsyncLocalStorage on the read path (src/observability/request-scope.ts).
 */
export function createGatewayContext(services: GatewayServices, principal: Principal, requestId: string): GatewayContext {
  const scope: RequestScope = { requestId };
  const salesforceRecords = services.salesforceRecords.forRequest(scope);
  const stiggReader = services.stiggReader.forRequest?.(scope) ?? services.stiggReader;
  const scoped: GatewayServices = {
    ...services,
    salesforceRecords,
    stiggReader,
    opportunities: services.opportunities.forRequest(scope, salesforceRecords),
    productMappings: services.productMappings.forRequest(scope, salesforceRecords),
  };
  return { requestId, principal, services: scoped, loaders: new RequestLoaders(salesforceRecords, stiggReader, services.batchReads) };
}
