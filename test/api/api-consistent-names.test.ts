/**
 * The consistent names added beside the old ones, over HTTP: TrialInput's trialEndDate /
 * trialEndBehavior (endDate / endBehavior deprecated), CreditEntitlementInput's currencyId
 * (customCurrencyId deprecated), and ProvisioningRunConnection.pageInfo (hasNextPage / endCursor
 * deprecated). Both spellings work; both given with different values is BAD_USER_INPUT naming the
 * field. A trial through startTrial and through provisionOpportunity's `trial` is the same run.
 */
import { startTestStack, TestStack } from '../helpers/test-stack';
import { Json, OPP, PREVIEW, PROVISION, START_TRIAL, errorOf } from '../helpers/provisioning-helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000);
inTwoWeeks.setUTCHours(0, 0, 0, 0);

async function preview(input: Json): Promise<Json> {
  const result = await stack.graphql<Json>(PREVIEW, { input });
  expect(result.body.errors).toBeUndefined();
  return result.body.data.previewProvisioning;
}

async function refused(input: Json): Promise<Json> {
  return errorOf(await stack.graphql<Json>(PREVIEW, { input })).extensions;
}

describe('TrialInput: trialEndDate / trialEndBehavior beside the deprecated endDate / endBehavior', () => {
  it('both spellings give the same plan', async () => {
    const date = inTwoWeeks.toISOString();
    const byNewNames = await preview({ opportunityId: OPP.wayne, trial: { trialEndDate: date, trialEndBehavior: 'CANCEL_SUBSCRIPTION' } });
    const byOldNames = await preview({ opportunityId: OPP.wayne, trial: { endDate: date, endBehavior: 'CANCEL_SUBSCRIPTION' } });
    expect(byNewNames).toEqual(byOldNames);
    expect(byNewNames).toMatchObject({ kind: 'TRIAL', isTrial: true, trialEndBehavior: 'CANCEL_SUBSCRIPTION' });
    expect(new Date(byNewNames.trialEndDate).getTime()).toBe(inTwoWeeks.getTime());
  });

  it('both names with the same value are accepted (the same instant, written two ways)', async () => {
    const plan = await preview({
      opportunityId: OPP.wayne,
      trial: { trialEndDate: inTwoWeeks.toISOString(), endDate: inTwoWeeks.toISOString().replace('.000Z', 'Z'), trialEndBehavior: 'CONVERT_TO_PAID', endBehavior: 'CONVERT_TO_PAID' },
    });
    expect(plan.trialEndBehavior).toBe('CONVERT_TO_PAID');
  });

  it('both names with different values are BAD_USER_INPUT naming the field', async () => {
    expect(await refused({ opportunityId: OPP.wayne, trial: { trialEndBehavior: 'CONVERT_TO_PAID', endBehavior: 'CANCEL_SUBSCRIPTION' } }))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'trial.trialEndBehavior' });
    const later = new Date(inTwoWeeks.getTime() + 86_400_000).toISOString();
    expect(await refused({ opportunityId: OPP.wayne, trial: { trialEndDate: inTwoWeeks.toISOString(), endDate: later } }))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'trial.trialEndDate' });
  });
});

describe('CreditEntitlementInput: currencyId beside the deprecated customCurrencyId', () => {
  const entitlement = { amount: 1000, cadence: 'YEAR' };

  it('both spellings give the same plan', async () => {
    const byNewName = await preview({ opportunityId: OPP.umbrella, creditEntitlements: [{ ...entitlement, currencyId: 'currency-api-credits' }] });
    const byOldName = await preview({ opportunityId: OPP.umbrella, creditEntitlements: [{ ...entitlement, customCurrencyId: 'currency-api-credits' }] });
    expect(byNewName).toEqual(byOldName);
    expect(byNewName.creditEntitlements).toContainEqual(expect.objectContaining({ currencyId: 'currency-api-credits', amount: 1000, cadence: 'YEAR' }));
  });

  it('both names with different values, or neither, are BAD_USER_INPUT naming the field', async () => {
    expect(await refused({ opportunityId: OPP.umbrella, creditEntitlements: [{ ...entitlement, currencyId: 'currency-api-credits', customCurrencyId: 'cred-type-test' }] }))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'creditEntitlements[0].currencyId' });
    expect(await refused({ opportunityId: OPP.umbrella, creditEntitlements: [{ ...entitlement }] }))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'creditEntitlements[0].currencyId' });
  });

  it('both names with the same value are accepted', async () => {
    const plan = await preview({ opportunityId: OPP.umbrella, creditEntitlements: [{ ...entitlement, currencyId: 'currency-api-credits', customCurrencyId: 'currency-api-credits' }] });
    expect(plan.creditEntitlements).toContainEqual(expect.objectContaining({ currencyId: 'currency-api-credits', amount: 1000 }));
  });
});

describe('one way to start a trial', () => {
  it('startTrial and provisionOpportunity with the same trial terms are the same TRIAL run', async () => {
    const viaStartTrial = await stack.graphql<Json>(START_TRIAL, { input: { opportunityId: OPP.wayne, trialEndBehavior: 'CONVERT_TO_PAID' } });
    expect(viaStartTrial.body.errors).toBeUndefined();
    const run = viaStartTrial.body.data.startTrial;
    expect(run).toMatchObject({ kind: 'TRIAL', status: 'SUCCEEDED', subscriptionId: `sub-${OPP.wayne}-trial` });

    const viaProvision = await stack.graphql<Json>(PROVISION, { input: { opportunityId: OPP.wayne, trial: { trialEndBehavior: 'CONVERT_TO_PAID' } } });
    expect(viaProvision.body.errors).toBeUndefined();
    expect(viaProvision.body.data.provisionOpportunity).toMatchObject({ id: run.id, kind: 'TRIAL', status: 'SUCCEEDED' });
  });
});

describe('ProvisioningRunConnection.pageInfo', () => {
  const RUNS = `query Runs($first: Int, $after: String) { provisioningRuns(first: $first, after: $after) {
    edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } hasNextPage endCursor } }`;

  it('pages like OpportunityConnection; the deprecated hasNextPage / endCursor say the same', async () => {
    const acme = await stack.graphql<Json>(PROVISION, { input: { opportunityId: OPP.acme } });
    expect(acme.body.data.provisionOpportunity.status).toBe('SUCCEEDED'); // a second run beside the trial

    const first = (await stack.graphql<Json>(RUNS, { first: 1 })).body.data.provisioningRuns;
    expect(first.edges).toHaveLength(1);
    expect(first.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0].cursor, endCursor: first.edges[0].cursor });
    expect([first.hasNextPage, first.endCursor]).toEqual([first.pageInfo.hasNextPage, first.pageInfo.endCursor]);

    const next = (await stack.graphql<Json>(RUNS, { first: 200, after: first.pageInfo.endCursor })).body.data.provisioningRuns;
    expect(next.edges.length).toBeGreaterThanOrEqual(1);
    expect(next.edges.map((e: Json) => e.node.id)).not.toContain(first.edges[0].node.id);
    expect(next.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, startCursor: next.edges[0].cursor });
    expect(next.pageInfo.endCursor).toBe(next.edges[next.edges.length - 1].cursor);
    expect([next.hasNextPage, next.endCursor]).toEqual([next.pageInfo.hasNextPage, next.pageInfo.endCursor]);
  });

  it('the schema marks the old fields deprecated, pointing at the new ones', async () => {
    const result = await stack.graphql<Json>(`{
      runs: __type(name: "ProvisioningRunConnection") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } }
      trial: __type(name: "TrialInput") { inputFields(includeDeprecated: true) { name isDeprecated deprecationReason } }
      credits: __type(name: "CreditEntitlementInput") { inputFields(includeDeprecated: true) { name isDeprecated deprecationReason } }
    }`);
    expect(result.body.errors).toBeUndefined();
    const deprecated = (fields: Json[]) => Object.fromEntries(fields.filter((f) => f.isDeprecated).map((f) => [f.name, f.deprecationReason]));
    expect(deprecated(result.body.data.runs.fields)).toEqual({ hasNextPage: 'Use pageInfo.', endCursor: 'Use pageInfo.' });
    expect(deprecated(result.body.data.trial.inputFields)).toEqual({ endDate: 'Use trialEndDate.', endBehavior: 'Use trialEndBehavior.' });
    expect(deprecated(result.body.data.credits.inputFields)).toEqual({ customCurrencyId: 'Use currencyId.' });
  });
});
