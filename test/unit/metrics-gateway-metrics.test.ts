import { ApolloServer } from '@apollo/server';
import { GraphQLError, buildSchema } from 'graphql';
import { formatError } from '../../src/server/format-error';
import { queryLimitRules } from '../../src/server/limits/query-limit-rules';
import { GatewayMetrics } from '../../src/server/metrics/gateway-metrics';
import { metricsPlugin } from '../../src/server/metrics/metrics-plugin';
import { GatewayError } from '../../src/errors/gateway-error';

const schema = buildSchema(`
  type Query { account(id: ID!): Account broken: String unavailable: String }
  type Account { id: ID! parent: Account }
`);

const rootValue = {
  account: ({ id }: { id: string }) => ({ id }),
  broken: () => { throw new GraphQLError('raw'); },
  unavailable: () => { throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Salesforce is unavailable.', { service: 'salesforce' }); },
};

function sampleLine(text: string, metric: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(metric));
}

describe('metricsPlugin with a real Apollo Server', () => {
  const metrics = new GatewayMetrics({ defaultMetrics: false });
  const server = new ApolloServer({
    schema,
    rootValue,
    formatError,
    validationRules: queryLimitRules({ maxDepth: 2 }),
    plugins: [metricsPlugin(metrics)],
  });

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('counts requests by operation name and outcome, and times them', async () => {
    await server.executeOperation({ query: 'query AccountCard { account(id: "1") { id } }' });
    await server.executeOperation({ query: 'query AccountCard { account(id: "2") { id } }' });
    await server.executeOperation({ query: '{ account(id: "1") { id } }' });
    await server.executeOperation({ query: 'query Outage { unavailable }' });
    await server.executeOperation({ query: 'query Broken { broken }' });
    await server.executeOperation({ query: 'query TooDeep { account(id: "1") { parent { id } } }' });
    await server.executeOperation({ query: '{ account(' });

    const text = await metrics.text();
    expect(sampleLine(text, 'gateway_requests_total{').sort()).toEqual([
      'gateway_requests_total{operation="AccountCard",outcome="ok"} 2',
      'gateway_requests_total{operation="Broken",outcome="INTERNAL_SERVER_ERROR"} 1',
      'gateway_requests_total{operation="Outage",outcome="UPSTREAM_UNAVAILABLE"} 1',
      'gateway_requests_total{operation="TooDeep",outcome="QUERY_TOO_DEEP"} 1',
      'gateway_requests_total{operation="anonymous",outcome="GRAPHQL_PARSE_FAILED"} 1',
      'gateway_requests_total{operation="anonymous",outcome="ok"} 1',
    ]);
    expect(sampleLine(text, 'gateway_request_duration_seconds_count{operation="AccountCard"}')).toEqual([
      'gateway_request_duration_seconds_count{operation="AccountCard"} 2',
    ]);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});

describe('GatewayMetrics', () => {
  it('keeps its own registry, so many can live side by side', async () => {
    const a = new GatewayMetrics({ defaultMetrics: false });
    const b = new GatewayMetrics({ defaultMetrics: false });
    a.recordProvisioningRun('SUBSCRIPTION', 'SUCCEEDED');
    expect(await a.text()).toContain('gateway_provisioning_runs_total{kind="SUBSCRIPTION",status="SUCCEEDED"} 1');
    expect(await b.text()).not.toContain('gateway_provisioning_runs_total{');
  });

  it('records upstream calls, the Salesforce quota and circuit states', async () => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    metrics.recordUpstreamCall('salesforce', 'query', 'ok', 0.12);
    metrics.recordUpstreamCall('salesforce', 'query', 'timeout', 5);
    metrics.recordUpstreamCall('stigg', 'getCustomer', 'rejected', 0.03);
    metrics.setSalesforceApiUsage(14_250, 15_000);
    metrics.setCircuitState('salesforce', 'open');
    metrics.setCircuitState('stigg', 'half-open');
    metrics.setCircuitState('stigg', 'closed');
    const text = await metrics.text();
    expect(text).toContain('gateway_upstream_requests_total{service="salesforce",operation="query",outcome="ok"} 1');
    expect(text).toContain('gateway_upstream_requests_total{service="salesforce",operation="query",outcome="timeout"} 1');
    expect(text).toContain('gateway_upstream_requests_total{service="stigg",operation="getCustomer",outcome="rejected"} 1');
    expect(text).toContain('gateway_upstream_duration_seconds_count{service="salesforce",operation="query"} 2');
    expect(text).toContain('gateway_upstream_duration_seconds_bucket{le="0.25",service="salesforce",operation="query"} 1');
    expect(text).toContain('gateway_salesforce_api_requests_remaining 750');
    expect(text).toContain('gateway_salesforce_api_requests_limit 15000');
    expect(text).toContain('gateway_circuit_state{service="salesforce"} 1');
    expect(text).toContain('gateway_circuit_state{service="stigg"} 0');
  });

  it('stops adding operation names past the cap (they come from callers)', async () => {
    const metrics = new GatewayMetrics({ defaultMetrics: false, maxOperationNames: 2 });
    for (const name of ['A', 'B', 'C', 'D', 'A']) metrics.recordRequest(name, 'ok', 0.01);
    const lines = sampleLine(await metrics.text(), 'gateway_requests_total{');
    expect(lines.sort()).toEqual([
      'gateway_requests_total{operation="A",outcome="ok"} 2',
      'gateway_requests_total{operation="B",outcome="ok"} 1',
      'gateway_requests_total{operation="other",outcome="ok"} 2',
    ]);
  });

  it('includes the default process metrics unless told not to', async () => {
    expect(await new GatewayMetrics().text()).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(await new GatewayMetrics({ defaultMetrics: false }).text()).not.toContain('process_cpu_user_seconds_total');
  });
});
