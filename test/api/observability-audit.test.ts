import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * The audit log in the journal: one entry per mutation — who (the key's id,
 * never the key), what (operation and target), outcome — including mutations
 * refused for a missing scope and ones that failed their preconditions.
 */
const KEYS = {
  reader: 'audit-reader-key-00000000000001',
  provisioner: 'audit-provision-key-0000000000001',
  finance: 'audit-credits-key-000000000000001',
};
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ GATEWAY_API_KEYS: `${KEYS.reader}:read;${KEYS.provisioner}:provision;${KEYS.finance}:credits` });
});
afterAll(() => stack?.stop());

async function audit() {
  return stack.gateway.services.journal.audit.listAudit({ first: 100 });
}

describe('audit log', () => {
  it('records a provisioning with the key id and the run status', async () => {
    const result = await stack.graphql('mutation { provisionOpportunity(input: { opportunityId: "006Dn0000000001IAA" }) { id status } }', {}, { token: KEYS.provisioner });
    expect(result.body.errors).toBeUndefined();
    const [entry] = (await audit()).filter((e) => e.operation === 'provisionOpportunity');
    expect(entry).toMatchObject({ principal: 'env:2', target: '006Dn0000000001IAA', outcome: 'SUCCEEDED' });
  });

  it('records a failed precondition with its error code', async () => {
    const result = await stack.graphql('mutation { provisionOpportunity(input: { opportunityId: "006Dn0000000007IAA" }) { id } }', {}, { token: KEYS.provisioner });
    const code = result.body.errors?.[0].extensions?.code as string;
    expect(code).toBe('OPPORTUNITY_NOT_WON'); // a lost deal
    const entries = (await audit()).filter((e) => e.operation === 'provisionOpportunity' && e.outcome === code);
    expect(entries).toHaveLength(1);
    expect(entries[0].principal).toBe('env:2');
  });

  it('records a refused input too (a malformed opportunity id)', async () => {
    const result = await stack.graphql('mutation { startTrial(input: { opportunityId: "not-an-id" }) { id } }', {}, { token: KEYS.provisioner });
    expect(result.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const entries = (await audit()).filter((e) => e.operation === 'startTrial' && e.target === 'not-an-id');
    expect(entries).toEqual([expect.objectContaining({ principal: 'env:2', outcome: 'BAD_USER_INPUT' })]);
  });

  it('records credit grants and voids', async () => {
    const grant = await stack.graphql<{ grantCredits: { id: string } }>(
      'mutation { grantCredits(input: { customerId: "customer-initech", currencyId: "currency-api-credits", amount: 7, grantType: PROMOTIONAL, displayName: "audit" }) { id } }',
      {}, { token: KEYS.finance });
    expect(grant.body.errors).toBeUndefined();
    const id = grant.body.data!.grantCredits.id;
    await stack.graphql(`mutation { voidCreditGrant(grantId: "${id}") { id } }`, {}, { token: KEYS.finance });
    const entries = await audit();
    expect(entries.find((e) => e.operation === 'grantCredits')).toMatchObject({ principal: 'env:3', target: 'customer-initech', outcome: 'ok' });
    expect(entries.find((e) => e.operation === 'voidCreditGrant')).toMatchObject({ principal: 'env:3', target: id, outcome: 'ok' });
  });

  it('records a mutation refused for a missing scope (FORBIDDEN), with the scope', async () => {
    const result = await stack.graphql('mutation { p: provisionOpportunity(input: { opportunityId: "006Dn0000000005IAA" }) { id } }', {}, { token: KEYS.reader });
    expect(result.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const refused = (await audit()).filter((e) => e.outcome === 'FORBIDDEN');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ principal: 'env:1', operation: 'provisionOpportunity', target: '006Dn0000000005IAA' });
    expect(refused[0].details).toMatchObject({ scope: 'provision' });
  });

  it('queries are not audited, and no entry holds a key', async () => {
    const before = (await audit()).length;
    await stack.graphql('{ opportunities(first: 1) { edges { node { id } } } }', {}, { token: KEYS.reader });
    const entries = await audit();
    expect(entries).toHaveLength(before);
    const all = JSON.stringify(entries);
    for (const key of Object.values(KEYS)) expect(all).not.toContain(key);
    for (const entry of entries) expect(entry.principal).toMatch(/^env:\d+$/);
  });
});
