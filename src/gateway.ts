import 'reflect-metadata';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GatewayConfig } from './config/gateway-config';
import { ConfigError } from './config/config-error';
import { authenticationRequired, checkStartupSafety } from './config/load-config';
import { GatewayContext } from './context/gateway-context';
import { buildGatewaySchema } from './schema/build-gateway-schema';
import { createGatewayServices, GatewayServices, UpstreamEndpoints } from './services/gateway-services';
import { ApiKeyRepository } from './services/journal';
import { UpstreamCallRecord } from './services/resilience/upstream-policy';
import { createHttpServer } from './server/http-server';
import { Authenticator } from './server/authenticator';
import { CorsPolicy } from './server/cors-policy';
import { formatError } from './server/format-error';
import { scopeRootFields } from './server/request-scope-fields';
import { Logger } from './observability/logger';
import { startTracing } from './observability/tracing/start-tracing';
import { loggableEndpoint } from './observability/tracing/tracing-config';
import { queryLimitRules } from './server/limits/query-limit-rules';
import { loadTrustedOperations, trustedDocumentsRule } from './server/limits/trusted-documents-rule';
import { GatewayMetrics } from './server/metrics/gateway-metrics';
import { metricsPlugin } from './server/metrics/metrics-plugin';
import { auditRefusalsPlugin } from './server/audit-refusals-plugin';
import { RateLimiter } from './server/rate-limit/rate-limiter';
import { readinessOf } from './server/readiness';
import { ExplorerRoute } from './server/explorer/explorer-route';
import { EXAMPLE_OPERATIONS_DIR, EXPLORER_BUNDLE_DIR } from './server/explorer/explorer-files';

export interface RunningGateway {
  url: string;
  services: GatewayServices;
  /** True when callers must send a key (in sandbox mode, see holdsActiveKey). */
  authenticationRequired: boolean;
  /**
   * Drains and stops: new connections are refused at once, requests already
   * running get up to `drainMs` (default 4 s) to finish, then the remaining
   * connections are cut, Apollo stops and the upstream clients and the journal close.
   */
  stop(options?: { drainMs?: number }): Promise<void>;
}

export interface StartGatewayOptions {
  config: GatewayConfig;
  upstreams: UpstreamEndpoints;
  logger: Logger;
  /** Extra GET routes, e.g. /sandbox in sandbox mode. */
  routes?: Record<string, () => unknown>;
}

/** The upstreams a configuration names when it is not sandbox mode (sandbox mode gets them from the emulators). */
export function upstreamsFromConfig(config: GatewayConfig): UpstreamEndpoints {
  if (config.sandbox || !config.salesforce.auth || !config.stigg.apiKey) {
    throw new ConfigError('SALESFORCE_INSTANCE_URL', 'no upstream is configured (sandbox mode starts the emulators instead)');
  }
  return { salesforce: config.salesforce.auth, stigg: { apiKey: config.stigg.apiKey, baseUri: config.stigg.baseUri } };
}

/** Builds the services and the schema, and listens on config.host:config.port. */
export async function startGateway(opts: StartGatewayOptions): Promise<RunningGateway> {
  const { config, logger } = opts;
  checkStartupSafety(config);
  const validationRules = queryLimitRules({
    maxDepth: config.limits.maxDepth,
    maxCost: config.limits.maxCost,
    maxAliases: config.limits.maxAliases,
    unpaginatedListSize: 10,
  });
  if (config.trustedDocumentsDir) {
    let trusted: Set<string>;
    try {
      trusted = loadTrustedOperations(config.trustedDocumentsDir);
    } catch (err) {
      throw new ConfigError('GATEWAY_TRUSTED_DOCUMENTS', `could not be read as GraphQL documents (${(err as Error).message.split('\n')[0]})`);
    }
    validationRules.push(trustedDocumentsRule(trusted));
  }
  const metrics = new GatewayMetrics();
  // Off (null) unless OTEL_* switches it on: then every traced piece below is handed it.
  const tracing = await startTracing(config.tracing);
  if (config.tracing.enabled) {
    logger.info({ endpoint: loggableEndpoint(config.tracing.url), protocol: config.tracing.protocol, serviceName: config.tracing.serviceName },
      'tracing on: spans exported over OTLP');
  }
  const services = await createGatewayServices(config, opts.upstreams, logger, metrics, tracing)
    .catch(async (err: unknown) => { await tracing?.shutdown(); throw err; });
  try {
    for (const policy of Object.values(services.policies)) policy.onCall((call) => logUpstreamCall(logger, call));
    // Reads carry the request id explicitly; every other root field runs in the request's implicit scope.
    const schema = scopeRootFields(await buildGatewaySchema());
    const apolloLogger = logger.child({ component: 'apollo' });
    const apollo = new ApolloServer<GatewayContext>({
      schema,
      formatError,
      validationRules,
      introspection: config.introspection,
      // With introspection off, "Did you mean ...?" in validation errors would give the schema away field by field.
      hideSchemaDetailsFromClientErrors: !config.introspection,
      includeStacktraceInErrorResponses: false,
      csrfPrevention: true,
      // Batched requests (a JSON array) stay refused (Apollo's default), spelled out.
      allowBatchedHttpRequests: false,
      // Clients send whole documents (codegen'd operations); no server-side cache of documents by hash.
      persistedQueries: false,
      // Shutdown is ours (main.ts drains on SIGTERM); Apollo's own handler would stop it mid-request and re-kill the process.
      stopOnTerminationSignals: false,
      logger: {
        debug: (message: string) => apolloLogger.debug(message),
        info: (message: string) => apolloLogger.info(message),
        warn: (message: string) => apolloLogger.warn(message),
        error: (message: string) => apolloLogger.error(message),
      },
      // Cache control is off: no response is cached, and its plugin wraps every field resolver (bench/findings.md).
      // Apollo's landing page is off everywhere (its scripts come from a CDN): the gateway serves its own explorer.
      plugins: [ApolloServerPluginCacheControlDisabled(), metricsPlugin(metrics), auditRefusalsPlugin(logger), ApolloServerPluginLandingPageDisabled(),
        ...(tracing ? [tracing.apolloPlugin<GatewayContext>()] : [])],
    });
    await apollo.start();
    const authRequired = authenticationRequired(config) || (config.sandbox && (await holdsActiveKey(services.apiKeys)));
    // GraphiQL needs the schema: the explorer is on where introspection is (by default, sandbox mode).
    const explorer = config.introspection
      ? new ExplorerRoute({ authRequired, bundleDir: EXPLORER_BUNDLE_DIR, examplesDir: EXAMPLE_OPERATIONS_DIR })
      : undefined;
    if (explorer && !explorer.bundled) logger.warn({ dir: EXPLORER_BUNDLE_DIR }, 'the explorer is not built (npm run build): GET /graphql shows how to build it');
    let draining = false;
    const server = createHttpServer({
      apollo,
      services,
      authenticator: new Authenticator({
        enabled: authRequired,
        staticKeys: config.apiKeys,
        stored: services.apiKeys,
        jwt: config.jwt,
      }),
      rateLimiter: new RateLimiter({ ratePerSecond: config.limits.rateLimitPerSecond, burst: config.limits.rateLimitBurst, store: services.rateLimits }),
      requestTimeoutMs: config.limits.requestTimeoutMs,
      maxBodyBytes: config.limits.maxBodyBytes,
      metrics,
      cors: new CorsPolicy(config.corsOrigins),
      logger,
      routes: opts.routes,
      explorer,
      readiness: () => readinessOf(services),
      draining: () => draining,
      tracing,
    });
    // Slow-loris guards: a client must send its headers, and its whole request, within these.
    server.headersTimeout = 20_000;
    server.requestTimeout = Math.max(30_000, config.limits.requestTimeoutMs + 5_000);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    // Every RECONCILIATION_INTERVAL_MS (0: never); services.close() stops it at shutdown.
    services.reconciliation.scheduled.start();
    // Closed/Won automation (AUTOMATION_MODE preview or provision): stopped by services.close() at shutdown.
    services.automation.start();
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

    let stopping: Promise<void> | null = null;
    return {
      url,
      services,
      authenticationRequired: authRequired,
      stop(options = {}) {
        stopping ??= (async () => {
          draining = true;
          await closeServer(server, options.drainMs ?? 4_000);
          await apollo.stop();
          await services.close();
          // The last spans (these requests') are sent before the process exits.
          await tracing?.shutdown();
        })();
        return stopping;
      },
    };
  } catch (err) {
    await services.close();
    await tracing?.shutdown();
    throw err;
  }
}

/**
 * Sandbox mode asks for a key when GATEWAY_API_KEYS or a JWT issuer is configured
 * (authenticationRequired), and also when its key journal holds an active key at start
 * (`npm run keys -- create` in sandbox mode): a key made for the sandbox is then checked,
 * scopes and all. Revoking every key turns it off again at the next start.
 */
async function holdsActiveKey(apiKeys: ApiKeyRepository): Promise<boolean> {
  return (await apiKeys.listApiKeys()).some((key) => key.revokedAt === null);
}

function logUpstreamCall(logger: Logger, call: UpstreamCallRecord): void {
  const entry = { upstream: call.service, operation: call.operation, outcome: call.outcome, durationMs: call.durationMs,
    ...(call.requestId ? { requestId: call.requestId } : {}), ...(call.errorCode ? { errorCode: call.errorCode } : {}) };
  if (call.outcome === 'ok' || call.outcome === 'rejected') logger.debug(entry, 'upstream call');
  else logger.warn(entry, 'upstream call failed');
}

/** Stops listening (new connections are refused), closes idle keep-alive connections, and cuts the rest after `drainMs`. */
function closeServer(server: http.Server, drainMs: number): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Connections that finish a response while draining are not kept alive (http-server sets shouldKeepAlive = false).
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    idle.unref();
    server.once('close', () => clearInterval(idle));
    setTimeout(() => server.closeAllConnections(), drainMs).unref();
  });
}
