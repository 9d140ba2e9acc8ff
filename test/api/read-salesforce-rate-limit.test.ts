/**
 * Salesforce's 403 REQUEST_LIMIT_EXCEEDED (the org is out of API requests) on one branch of a
 * read: the Stigg data comes back, the Salesforce branch is null with UPSTREAM_RATE_LIMITED and
 * `extensions.service: 'salesforce'`. It is never retried, and it opens the Salesforce circuit at
 * once, so further Salesforce reads fail fast without a request. Its own stack: the open circuit
 * would fail every other test.
 */
import { startTestStack, TestStack } from '../helpers/test-stack';
import { countUpstreamRequests } from '../helpers/read-counts';
import { provisionThroughGateway } from '../helpers/read-deals';

let stack: TestStack;
const GLOBEX_DEAL = '006Dn0000000002IAA';

beforeAll(async () => {
  stack = await startTestStack();
  await provisionThroughGateway(stack, { opportunityId: GLOBEX_DEAL, paymentCollectionMethod: 'INVOICE' });
});
afterAll(async () => {
  await stack?.stop();
});

const QUERY = `{ subscription(id: "sub-${GLOBEX_DEAL}") {
  id status planId
  opportunity { id name }
  customer { id name account { id name } }
} }`;

test('REQUEST_LIMIT_EXCEEDED on the Salesforce branch: Stigg data kept, UPSTREAM_RATE_LIMITED from salesforce, one request per branch, no retry', async () => {
  stack.sandbox.salesforce.faults.add({ operation: 'query', failure: 'REQUEST_LIMIT_EXCEEDED' });
  const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql<any>(QUERY));
  expect(result.status).toBe(200);
  expect(result.body.data).toEqual({
    subscription: {
      id: `sub-${GLOBEX_DEAL}`, status: 'PAYMENT_PENDING', planId: 'plan-growth',
      opportunity: null,
      customer: { id: '001Dn0000000002IAA', name: 'Globex', account: null },
    },
  });
  const rateLimited = expect.objectContaining({ code: 'UPSTREAM_RATE_LIMITED', service: 'salesforce', upstreamCode: 'REQUEST_LIMIT_EXCEEDED' });
  expect(result.body.errors!.map((e: any) => [e.path.join('.'), e.extensions])).toEqual(expect.arrayContaining([
    ['subscription.opportunity', rateLimited],
    ['subscription.customer.account', rateLimited],
  ]));
  expect(result.body.errors).toHaveLength(2);
  // The two branches are one level (the customer came with the subscription): both queries were in
  // flight together, each refused once and neither retried.
  expect(counts.salesforce).toEqual({ query: 2 });
  expect(stack.gateway.services.policies.salesforce.state()).toBe('open');
});

test('while the circuit is open, Salesforce reads fail fast with UPSTREAM_RATE_LIMITED and send nothing', async () => {
  const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql<any>(`{
    opportunity(id: "${GLOBEX_DEAL}") { id }
    subscription(id: "sub-${GLOBEX_DEAL}") { id opportunity { id } }
  }`));
  expect(result.body.data).toEqual({ opportunity: null, subscription: { id: `sub-${GLOBEX_DEAL}`, opportunity: null } });
  expect(result.body.errors).toHaveLength(2);
  for (const e of result.body.errors!) {
    expect(e.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', service: 'salesforce', circuit: 'open' });
  }
  expect(counts.salesforce).toEqual({});
});
