/*
 * The overhead baseline: the gateway's own compiled program (dist/src/main.js, the
 * same config, Apollo Server, HTTP integration, schema and resolvers) with the
 * service boundary swapped for in-memory data.
 *
 *   node -r ./scripts/ts-register.js bench/in-memory-server.ts   (same environment as the gateway)
 *
 * Before main.js runs, `createGatewayServices` is wrapped: the services it builds
 * are real, but the read services the portal query reaches (SalesforceRecords,
 * OpportunitySearch, the StiggReader and the extra batch reads) are put behind a
 * memo keyed by method and arguments. The first (warm-up) query reads the upstreams
 * once; every later identical query is answered from memory with no upstream
 * request (run-bench checks the emulators' counters to prove it).
 */
import path from 'node:path';

type AnyObject = Record<string, unknown>;

/** The compiled gateway: BENCH_DIST (another build's dist, for A/B runs) or this tree's. */
const dist = path.join(process.env.BENCH_DIST ?? path.join(__dirname, '..', 'dist'), 'src');

/** Sorted copies of array arguments, so the same batch in another order hits the same entry. */
function keyOf(method: string, args: unknown[]): string {
  return `${method}:${JSON.stringify(args.map((a) => (Array.isArray(a) ? [...a].sort() : a)))}`;
}

/** A proxy answering each method call from memory after its first identical call. */
function memoized<T extends object>(target: T): T {
  const memo = new Map<string, unknown>();
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      // a request's view (createGatewayContext) of a memoized service is the memoized service itself
      if (prop === 'forRequest') return () => receiver;
      return (...args: unknown[]) => {
        const key = keyOf(prop, args);
        if (memo.has(key)) return memo.get(key);
        const result = (value as (...a: unknown[]) => unknown).apply(t, args);
        memo.set(key, result);
        if (result && typeof (result as Promise<unknown>).catch === 'function') {
          (result as Promise<unknown>).catch(() => memo.delete(key));
        }
        return result;
      };
    },
  });
}

const servicesModule = require(path.join(dist, 'services', 'gateway-services.js')) as { createGatewayServices: (...args: unknown[]) => Promise<AnyObject> };
const real = servicesModule.createGatewayServices;
servicesModule.createGatewayServices = async (...args: unknown[]) => {
  const services = await real(...args);
  for (const name of ['salesforceRecords', 'stiggReader', 'batchReads']) {
    if (services[name]) services[name] = memoized(services[name] as object);
  }
  const opportunities = services.opportunities as AnyObject | undefined;
  if (opportunities?.search) opportunities.search = memoized(opportunities.search as object);
  const productMappings = services.productMappings as AnyObject | undefined;
  if (productMappings?.records) productMappings.records = memoized(productMappings.records as object);
  return services;
};

require(path.join(dist, 'main.js'));
