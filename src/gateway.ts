import 'reflect-metadata';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GatewayConfig } from './config/gateway-config';
import { GatewayContext } from './context/gateway-context';
import { buildGatewaySchema } from './schema/build-gateway-schema';
import { createGatewayServices, GatewayServices, UpstreamEndpoints } from './services/gateway-services';
import { createHttpServer } from './server/http-server';
import { Authenticator } from './server/authenticator';
import { CorsPolicy } from './server/cors-policy';
import { formatError } from './server/format-error';
import { Logger } from './server/logger';
import { queryLimitRules } from './server/limits/query-limit-rules';
import { loadTrustedOperations, trustedDocumentsRule } from './server/limits/trusted-documents-rule';
import { GatewayMetrics } from './server/metrics/gateway-metrics';
import { metricsPlugin } from './server/metrics/metrics-plugin';
import { RateLimiter } from './server/rate-limit/rate-limiter';
import { readinessOf } from './server/readiness';

export interface RunningGateway {
  url: string;
  services: GatewayServices;
  /** Stops accepting requests, lets running ones finish, closes the upstream clients. */
  stop(): Promise<void>;
}

export interface StartGatewayOptions {
  config: GatewayConfig;
  upstreams: UpstreamEndpoints;
  logger: Logger;
  /** Extra GET routes, e.g. /sandbox in sandbox mode. */
  routes?: Record<string, () => unknown>;
}

/** Builds the services and the schema, and listens on config.host:config.port. */
export async function startGateway(opts: StartGatewayOptions): Promise<RunningGateway> {
  const { config, logger } = opts;
  const metrics = new GatewayMetrics();
  const services = await createGatewayServices(config, opts.upstreams, logger, metrics);
  const schema = await buildGatewaySchema();
  const validationRules = queryLimitRules({
    maxDepth: config.limits.maxDepth,
    maxCost: config.limits.maxCost,
    maxAliases: config.limits.maxAliases,
    unpaginatedListSize: 10,
  });
  if (config.trustedDocumentsDir) validationRules.push(trustedDocumentsRule(loadTrustedOperations(config.trustedDocumentsDir)));
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    validationRules,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    plugins: [metricsPlugin(metrics), ...(config.introspection ? [] : [ApolloServerPluginLandingPageDisabled()])],
  });
  await apollo.start();
  // Auth is off only in sandbox mode with no keys configured (main.ts then binds to loopback and says so).
  const authEnabled = !(config.sandbox && config.apiKeys.length === 0);
  const server = createHttpServer({
    apollo,
    services,
    authenticator: new Authenticator(config.apiKeys, services.journal.apiKeys, authEnabled),
    rateLimiter: new RateLimiter({ ratePerSecond: config.limits.rateLimitPerSecond, burst: config.limits.rateLimitBurst }),
    requestTimeoutMs: config.limits.requestTimeoutMs,
    metrics,
    cors: new CorsPolicy(config.corsOrigins),
    logger,
    routes: opts.routes,
    readiness: () => readinessOf(services),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let stopping: Promise<void> | null = null;
  return {
    url,
    services,
    stop() {
      stopping ??= (async () => {
        await closeServer(server);
        await apollo.stop();
        await services.close();
      })();
      return stopping;
    },
  };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 4_000).unref();
  });
}
