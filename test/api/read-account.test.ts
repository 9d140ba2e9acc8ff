/**
 * `account(id)` and its fields: contacts and opportunities (all of them, by id), and the Stigg
 * customer (seeded: Initech is `customer-initech` on both sides).
 */
import { startTestStack, TestStack } from '../helpers/test-stack';
import { seedAccounts, seedContacts, seedOpportunityIds } from '../helpers/read-seed';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const ACCOUNT_FIELDS = `id name stiggCustomerId contacts { id name email } opportunities { id isWon }
  customer { id name email salesforceAccountId hasPaymentMethod } customerIdStale`;

async function account(id: string): Promise<any> {
  const res = await stack.graphql<{ account: any }>(`query($id: ID!) { account(id: $id) { ${ACCOUNT_FIELDS} } }`, { id });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.account;
}

describe('account(id)', () => {
  test('Initech: its contact, its won deal, and the seeded Stigg customer linked both ways', async () => {
    expect(await account('001Dn0000000003IAA')).toEqual({
      id: '001Dn0000000003IAA',
      name: 'Initech',
      stiggCustomerId: 'customer-initech',
      contacts: [{ id: '003Dn0000000004IAA', name: 'Fiona Finance', email: 'finance@initech.example' }],
      opportunities: [{ id: '006Dn0000000003IAA', isWon: true }, { id: '006Dn0000000013IAA', isWon: true }],
      customer: { id: 'customer-initech', name: 'Initech', email: 'finance@initech.example', salesforceAccountId: '001Dn0000000003IAA', hasPaymentMethod: true },
      customerIdStale: false,
    });
  });

  test.each(seedAccounts().map((a) => [a.Id, a.Name]))('%s (%s): name, contacts and opportunities as seeded', async (id, name) => {
    const got = await account(id);
    expect(got.name).toBe(name);
    expect(got.contacts).toEqual(seedContacts().filter((c) => c.AccountId === id).sort((a, b) => a.Id.localeCompare(b.Id))
      .map((c) => ({ id: c.Id, name: `${c.FirstName} ${c.LastName}`, email: c.Email ?? null })));
    expect(got.opportunities.map((o: { id: string }) => o.id)).toEqual(seedOpportunityIds((o) => o.accountId === id));
  });

  test('Acme has two contacts and four deals, and no Stigg customer yet', async () => {
    expect(await account('001Dn0000000001IAA')).toEqual({
      id: '001Dn0000000001IAA',
      name: 'Acme Corp',
      stiggCustomerId: null,
      contacts: [
        { id: '003Dn0000000001IAA', name: 'Alice Admin', email: 'alice@acme.example' },
        { id: '003Dn0000000002IAA', name: 'Bob Buyer', email: 'bob@acme.example' },
      ],
      opportunities: [
        { id: '006Dn0000000001IAA', isWon: true },
        { id: '006Dn0000000006IAA', isWon: false },
        { id: '006Dn0000000011IAA', isWon: true },
        { id: '006Dn0000000015IAA', isWon: true },
      ],
      customer: null,
      customerIdStale: false,
    });
  });

  test('a contact without an email (Hooli\'s) has email null; an account without contacts (Stark) has none', async () => {
    expect((await account('001Dn0000000005IAA')).contacts).toEqual([{ id: '003Dn0000000006IAA', name: 'Gavin Belson', email: null }]);
    expect((await account('001Dn0000000006IAA')).contacts).toEqual([]);
  });

  test('the Stigg customer\'s own view points back at the account', async () => {
    const res = await stack.graphql<{ account: any }>(
      '{ account(id: "001Dn0000000003IAA") { customer { account { id name } subscriptions { id } creditBalances { currencyId } } } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.account.customer).toEqual({ account: { id: '001Dn0000000003IAA', name: 'Initech' }, subscriptions: [], creditBalances: [] });
  });
});
