import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { SalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { normalizeId } from '../../src/sandbox/salesforce/ids';
import seedFile from '../../src/sandbox/seed/salesforce.json';
import { connect, makeId, startSf } from './helpers/salesforce';

type Row = Record<string, any>;

describe('Salesforce emulator: the bundled seed fixture', () => {
  let sf: SalesforceEmulator;
  let conn: Connection;
  const q = async (soql: string) => (await conn.query<Row>(soql)).records;
  beforeAll(async () => {
    sf = await startSf();
    conn = connect(sf);
  });
  afterAll(() => sf.stop());

  it('fixes 18-character ids <prefix>Dn<10 digits> + case-safe suffix in the file (Object Reference for the Salesforce Platform: Field Types — ID)', () => {
    expect(makeId('001', 1)).toBe('001Dn0000000001IAA');
    expect(makeId('001', 3)).toBe('001Dn0000000003IAA');
    expect(makeId('006', 1)).toBe('006Dn0000000001IAA');
    const prefixes: Record<string, string> = {
      Account: '001',
      Contact: '003',
      Opportunity: '006',
      OpportunityLineItem: '00k',
      Product2: '01t',
      Pricebook2: '01s',
      PricebookEntry: '01u',
      OpportunityContactRole: '00K',
    };
    for (const [type, rows] of Object.entries(seedFile.records)) {
      (rows as Row[]).forEach((r, i) => {
        expect(r.Id).toBe(makeId(prefixes[type], i + 1));
        expect(normalizeId(r.Id)).toBe(r.Id);
      });
    }
  });

  it('holds an active standard price book and one active product with a USD standard price per Stigg entity (assumption: the demo catalog of issue 2)', async () => {
    const [pb] = await q('SELECT Id, Name, IsStandard, IsActive FROM Pricebook2');
    expect(pb).toMatchObject({ Id: '01sDn0000000001IAA', Name: 'Standard Price Book', IsStandard: true, IsActive: true });
    const products = await q(
      'SELECT Name, IsActive, Stigg_Type__c, Stigg_ID__c, (SELECT UnitPrice, CurrencyIsoCode, Pricebook2.IsStandard, IsActive FROM PricebookEntries) FROM Product2 ORDER BY Id',
    );
    expect(
      products.map((p) => [p.Name, p.Stigg_Type__c, p.Stigg_ID__c, p.PricebookEntries.records[0].UnitPrice, p.IsActive]),
    ).toEqual([
      ['Free plan', 'Plan', 'plan-free', 0, true],
      ['Growth plan', 'Plan', 'plan-growth', 500, true],
      ['Enterprise plan', 'Plan', 'plan-enterprise', 0, true],
      ['SSO add-on', 'Add-on', 'addon-sso', 150, true],
      ['Seats', 'Entitlement', 'feature-seats', 20, true],
      ['API calls', 'Entitlement', 'feature-api-calls', 99, true],
      ['Single sign-on', 'Entitlement', 'feature-sso', 0, true],
      ['API credits', 'Entitlement', 'currency-api-credits', 0.05, true],
      ['API credits (credit entitlement)', 'Credit entitlement', 'currency-api-credits', 0.05, true],
      ['Test credits', 'Credit entitlement', 'cred-type-test', 0.01, true],
      ['Legacy analytics', 'Entitlement', 'feature-legacy-analytics', 0, true],
      ['SSO (old SKU)', 'Add-on', 'addon-sso', 150, false],
      ['Professional services', null, null, 2000, true],
    ]);
    for (const p of products) {
      expect(p.PricebookEntries.totalSize).toBe(1);
      expect(p.PricebookEntries.records[0]).toMatchObject({ CurrencyIsoCode: 'USD', Pricebook2: { IsStandard: true } });
    }
  });

  it('holds the seven accounts in order with their contacts (assumption: the demo data of issue 2)', async () => {
    const accounts = await q('SELECT Id, Name, Stigg_Customer_Id__c, (SELECT Name, Email FROM Contacts ORDER BY Id) FROM Account ORDER BY Id');
    expect(accounts.map((a) => [a.Id, a.Name])).toEqual([
      ['001Dn0000000001IAA', 'Acme Corp'],
      ['001Dn0000000002IAA', 'Globex'],
      ['001Dn0000000003IAA', 'Initech'],
      ['001Dn0000000004IAA', 'Umbrella'],
      ['001Dn0000000005IAA', 'Hooli'],
      ['001Dn0000000006IAA', 'Stark Industries'],
      ['001Dn0000000007IAA', 'Wayne Enterprises'],
    ]);
    const contacts = Object.fromEntries(accounts.map((a) => [a.Name, a.Contacts?.records.map((c: Row) => [c.Name, c.Email]) ?? []]));
    expect(contacts).toEqual({
      'Acme Corp': [
        ['Alice Admin', 'alice@acme.example'],
        ['Bob Buyer', 'bob@acme.example'],
      ],
      Globex: [['Gina Billing', 'billing@globex.example']],
      Initech: [['Fiona Finance', 'finance@initech.example']],
      Umbrella: [['Olive Ops', 'ops@umbrella.example']],
      Hooli: [['Gavin Belson', null]],
      'Stark Industries': [],
      'Wayne Enterprises': [['Bruce Wayne', 'bruce@wayne.example']],
    });
    expect(accounts[2].Stigg_Customer_Id__c).toBe('customer-initech');
    expect(accounts.filter((a) => a.Stigg_Customer_Id__c).length).toBe(1);
  });

  it('holds the seventeen opportunities with their stages, line items, amounts and primary contact roles (assumption: the provisioning recipes of issue 2, and the amendments, renewals and churn after them)', async () => {
    const opps = await q(
      'SELECT Id, Name, StageName, IsWon, IsClosed, CloseDate, Amount, CurrencyIsoCode, Pricebook2Id, Account.Name, ' +
        '(SELECT Product2.Name, Quantity, UnitPrice, Discount, TotalPrice FROM OpportunityLineItems ORDER BY Id), ' +
        '(SELECT Contact.Email, IsPrimary FROM OpportunityContactRoles) FROM Opportunity ORDER BY Id',
    );
    expect(opps).toHaveLength(17);
    for (const o of opps) {
      expect(o.CurrencyIsoCode).toBe('USD');
      expect(o.Pricebook2Id).toBe('01sDn0000000001IAA');
      expect(o.CloseDate).toMatch(/^2026-/);
    }
    const lines = (i: number) => opps[i].OpportunityLineItems.records.map((l: Row) => [l.Product2.Name, l.Quantity, l.UnitPrice, l.Discount]);
    expect(opps.map((o) => [o.Name, o.StageName, o.Amount])).toEqual([
      ['Acme — Enterprise entitlements (billing outside Stigg)', 'Closed Won', 0],
      ['Globex — Growth, invoiced with price overrides', 'Closed Won', 1023],
      ['Initech — Growth with API credits, card on file', 'Closed Won', 850],
      ['Umbrella — Enterprise with credit entitlements', 'Closed Won', 0],
      ['Wayne — Growth trial', 'Closed Won', 700],
      ['Acme — Expansion', 'Prospecting', 500],
      ['Stark — Lost deal', 'Closed Lost', 500],
      ['Hooli — Growth with professional services', 'Closed Won', 2500],
      ['Stark — Unknown SKU', 'Closed Won', 500],
      ['Globex — Services only', 'Closed Won', 2000],
      ['Acme — Two plans', 'Closed Won', 500],
      ['Umbrella — Legacy SSO SKU', 'Closed Won', 650],
      ['Initech — Upsell: 10 seats and SSO', 'Closed Won', 1100],
      ['Hooli — Downgrade to Free', 'Closed Won', 0],
      ['Acme — Renewal, same terms', 'Closed Won', 0],
      ['Globex — Renewal with 25 seats', 'Closed Won', 1104],
      ['Umbrella — Renewal (churned)', 'Closed Lost', 0],
    ]);
    expect(lines(0)).toEqual([
      ['Enterprise plan', 1, 0, null],
      ['Seats', 25, 0, null],
      ['API calls', 100000, 0, null],
      ['Single sign-on', 1, 0, null],
    ]);
    expect(lines(1)).toEqual([
      ['Growth plan', 1, 450, null],
      ['Seats', 20, 18, 10],
      ['API calls', 1, 99, null],
      ['SSO add-on', 1, 150, null],
    ]);
    expect(lines(2)).toEqual([
      ['Growth plan', 1, 500, null],
      ['Seats', 5, 20, null],
      ['API credits', 5000, 0.05, null],
    ]);
    expect(lines(3)).toEqual([
      ['Enterprise plan', 1, 0, null],
      ['Seats', 50, 0, null],
      ['API credits (credit entitlement)', 20000, 0, null],
      ['Test credits', 1000, 0, null],
    ]);
    expect(lines(4)).toEqual([
      ['Growth plan', 1, 500, null],
      ['Seats', 10, 20, null],
    ]);
    expect(lines(8).map((l: unknown[]) => l[0])).toEqual(['Growth plan', 'Legacy analytics']);
    expect(lines(10).map((l: unknown[]) => l[0])).toEqual(['Growth plan', 'Enterprise plan']);
    expect(lines(11)).toEqual([
      ['Growth plan', 1, 500, null],
      ['SSO (old SKU)', 1, 150, null],
    ]);
    // The amendments state the subscription's whole new state: the upsell is 006…3's lines with 10 seats and SSO.
    expect(lines(12)).toEqual([
      ['Growth plan', 1, 500, null],
      ['Seats', 10, 20, null],
      ['API credits', 5000, 0.05, null],
      ['SSO add-on', 1, 150, null],
    ]);
    expect(lines(14)).toEqual(lines(0));
    expect(lines(15)).toEqual([
      ['Growth plan', 1, 450, null],
      ['Seats', 25, 18, 10],
      ['API calls', 1, 99, null],
      ['SSO add-on', 1, 150, null],
    ]);
    const primaryEmail = (i: number) => opps[i].OpportunityContactRoles?.records.find((r: Row) => r.IsPrimary)?.Contact.Email ?? null;
    expect(opps.map((_, i) => primaryEmail(i))).toEqual([
      'alice@acme.example',
      'billing@globex.example',
      'finance@initech.example',
      'ops@umbrella.example',
      'bruce@wayne.example',
      null,
      null,
      null,
      null,
      'billing@globex.example',
      'alice@acme.example',
      'ops@umbrella.example',
      null,
      null,
      null,
      null,
      null,
    ]);
    // Hooli's only contact has no email; the contact role still names it.
    expect(opps[7].OpportunityContactRoles.records[0]).toMatchObject({ IsPrimary: true, Contact: { Email: null } });
  });

  describe('a seed directory given with seedDir (SANDBOX_SEED)', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'sf-seed-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('replaces the bundled fixture, with ids optional, and pages through 4,500 seeded rows (REST API Developer Guide: Execute a SOQL Query)', async () => {
      const seed = {
        records: {
          Account: [{ Id: makeId('001', 1), Name: 'Only Account' }],
          Contact: Array.from({ length: 4500 }, (_, i) => ({ LastName: `Seeded ${i}`, AccountId: makeId('001', 1) })),
        },
      };
      writeFileSync(join(dir, 'salesforce.json'), JSON.stringify(seed));
      const custom = await startSf({ seedDir: dir });
      try {
        const c = connect(custom);
        expect((await c.query('SELECT COUNT() FROM Opportunity')).totalSize).toBe(0);
        const all = await c.query<Row>('SELECT Id, Account.Name FROM Contact', { autoFetch: true, maxFetch: 10000 });
        expect(all.totalSize).toBe(4500);
        expect(all.records).toHaveLength(4500);
        expect(all.records[4499].Account.Name).toBe('Only Account');
        expect(custom.counters.snapshot()).toMatchObject({ query: 2, queryMore: 2 });
      } finally {
        await custom.stop();
      }
    });

    it('refuses to start on an invalid seed, naming the record (assumption)', async () => {
      writeFileSync(join(dir, 'salesforce.json'), JSON.stringify({ records: { Opportunity: [{ Name: 'No stage' }] } }));
      await expect(startSf({ seedDir: dir })).rejects.toThrow(/Opportunity\[0\]: REQUIRED_FIELD_MISSING/);
    });
  });
});
