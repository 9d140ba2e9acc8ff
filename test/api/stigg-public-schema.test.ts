/**
 * The gateway in production mode (a Salesforce session, STIGG_BASE_URI / STIGG_API_KEY) sends Stigg
 * only documents and variables that are valid against Stigg's public schema (reference/stigg),
 * checked here on its own, apart from the emulator's own check: every recipe of the provisioning
 * guide (a credit entitlement with a price included), a trial, promotional, paid-by-invoice and
 * voided grants, the portal's deep read, and a subscription's later life (an amendment previewed and applied, a renewal
 * scheduled and withdrawn, a cancellation).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getOperationAST, getVariableValues, parse, validate } from 'graphql';
import { stiggReferenceSchema } from '../../src/sandbox/stigg/reference-schema';
import { startUpstreamStack, UpstreamStack } from '../helpers/upstream-stack';
import { OPP } from '../helpers/provisioning-helpers';

const PORTAL = readFileSync(join(__dirname, '../../examples/operations/portal-opportunities.graphql'), 'utf8');
const RUN = 'id status error { code message }';

let stack: UpstreamStack;
const sent: Array<{ query: string; operationName: string | null; variables: Record<string, unknown> | null; operations: string[] }> = [];

beforeAll(async () => {
  stack = await startUpstreamStack({ salesforceAuth: 'session', stigg: { onRequest: (r) => { sent.push(r); } } });
});
afterAll(async () => {
  await stack?.stop();
});

async function ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await stack.graphql<any>(query, variables);
  expect(result.body.errors).toBeUndefined();
  return result.body.data as T;
}

test('every document and variable set the gateway sends to Stigg validates against Stigg\'s public schema', async () => {
  const provision = (input: Record<string, unknown>) =>
    ok(`mutation($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) { ${RUN} } }`, { input });
  const runs = [
    await provision({ opportunityId: OPP.acme }),
    await provision({ opportunityId: OPP.globex, paymentCollectionMethod: 'INVOICE' }),
    await provision({ opportunityId: OPP.initech, paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE' }), // credits with a price
    await provision({ opportunityId: OPP.umbrella, creditEntitlements: [{ customCurrencyId: 'currency-api-credits', amount: 1000, cadence: 'YEAR' }] }),
  ];
  const trial = await ok(`mutation { startTrial(input: { opportunityId: "${OPP.wayne}" }) { ${RUN} } }`);
  expect([...runs.map((r: any) => r.provisionOpportunity.status), trial.startTrial.status]).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);

  const grant = (input: Record<string, unknown>) => ok(`mutation($input: GrantCreditsInput!) { grantCredits(input: $input) { id status } }`, { input });
  const base = { customerId: 'customer-initech', currencyId: 'cred-type-test', displayName: 'Conformance', amount: 10 };
  const promotional = await grant({ ...base, grantType: 'PROMOTIONAL', idempotencyKey: 'conformance-promo' });
  const invoiced = await grant({ ...base, grantType: 'PAID', paymentCollectionMethod: 'INVOICE', cost: { amount: 5, currency: 'USD' } });
  expect(invoiced.grantCredits.status).toBe('PAYMENT_PENDING');
  await ok(`mutation($id: ID!) { voidCreditGrant(grantId: $id) { id status } }`, { id: promotional.grantCredits.id });

  const portal = await ok(PORTAL, { first: 20, filter: { isWon: true } });
  expect(portal.opportunities.edges.length).toBeGreaterThan(0);

  // After the first deal: an upsell previewed (Stigg's cost preview) and applied, a renewal with new terms scheduled and
  // withdrawn, a cancellation at the end of the period.
  const amendment = (opportunityId: string) => ({ input: { opportunityId } });
  const preview = await ok(`query($input: AmendSubscriptionInput!) { previewAmendment(input: $input) { changes { field } cost { immediateTotal { amount } } } }`, amendment(OPP.initechUpsell));
  expect(preview.previewAmendment.cost).not.toBeNull();
  const amended = await ok(`mutation($input: AmendSubscriptionInput!) { amendSubscription(input: $input) { ${RUN} } }`, amendment(OPP.initechUpsell));
  const renewed = await ok(`mutation($input: AmendSubscriptionInput!) { amendSubscription(input: $input) { ${RUN} } }`, amendment(OPP.globexRenewal));
  await ok(`mutation { withdrawScheduledChange(input: { subscriptionId: "sub-${OPP.globex}" }) { id } }`);
  const canceled = await ok(`mutation { cancelSubscription(input: { subscriptionId: "sub-${OPP.umbrella}", when: END_OF_BILLING_PERIOD }) { ${RUN} } }`);
  expect([amended.amendSubscription.status, renewed.amendSubscription.status, canceled.cancelSubscription.status]).toEqual(['SUCCEEDED', 'SCHEDULED', 'SCHEDULED']);

  const reference = stiggReferenceSchema();
  const problems = sent.flatMap((r) => {
    const document = parse(r.query);
    const invalid = validate(reference, document).map((e) => e.message);
    const operation = getOperationAST(document, r.operationName);
    const coerced = operation ? getVariableValues(reference, operation.variableDefinitions ?? [], r.variables ?? {}) : null;
    const messages = [...invalid, ...(coerced?.errors ?? []).map((e) => e.message)];
    return messages.length ? [{ operation: r.operationName, operations: r.operations, messages }] : [];
  });
  expect(problems).toEqual([]);

  // What was checked covers the writes and reads of this issue, whoever sent them (the gateway's operations or the SDK).
  const roots = new Set(sent.flatMap((r) => r.operations));
  for (const root of ['provisionCustomer', 'provisionSubscriptionV2', 'createCreditGrant', 'voidCreditGrant', 'customers', 'subscriptions',
    'entitlementV2', 'creditGrants', 'plans', 'addons', 'features', 'products', 'customCurrencies',
    'updateOneSubscription', 'previewSubscription', 'cancelSchedule', 'cancelSubscription']) {
    expect({ root, sent: roots.has(root) }).toEqual({ root, sent: true });
  }
  const creditsPriced = sent.flatMap((r) => ((r.variables?.input as any)?.priceOverrides ?? []) as Array<{ currencyId?: string }>)
    .some((o) => o.currencyId === 'currency-api-credits');
  expect(creditsPriced).toBe(true);
});
