import type { Connection } from 'jsforce';
import { SalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { connect, makeId, raw, startSf, v } from './helpers/salesforce';

type Row = Record<string, any>;

describe('Salesforce emulator: SOQL query and queryAll', () => {
  let sf: SalesforceEmulator;
  let conn: Connection;
  const q = async (soql: string) => (await conn.query<Row>(soql)).records;
  const names = async (soql: string) => (await q(soql)).map((r) => r.Name);
  const queryError = (soql: string) => raw(sf, `${v(sf)}/query?q=${encodeURIComponent(soql)}`);

  beforeAll(async () => {
    sf = await startSf();
    conn = connect(sf);
    const created = await conn.sobject('Account').create([
      { Name: 'Pct 100% Co', BillingCountry: 'Z-Test' },
      { Name: 'Under_score Ltd', BillingCountry: 'Z-Test' },
      { Name: 'Back\\slash Inc', BillingCountry: 'Z-Test' },
      { Name: "O'Brien & Sons", BillingCountry: 'Z-Test' },
      { Name: 'Tab\there', BillingCountry: 'Z-Test' },
    ]);
    expect(created.every((r) => r.success)).toBe(true);
  });
  afterAll(() => sf.stop());

  describe('SELECT lists and relationships', () => {
    it('returns records with attributes {type, url} and the canonical field names whatever the case written (SOQL and SOSL Reference: SOQL SELECT Syntax; REST API Developer Guide: Execute a SOQL Query)', async () => {
      const res = await conn.query<Row>("select id, name, billingcountry from ACCOUNT where NAME = 'acme corp'");
      expect(res.totalSize).toBe(1);
      expect(res.done).toBe(true);
      expect(res.records[0]).toEqual({
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${makeId('001', 1)}` },
        Id: '001Dn0000000001IAA',
        Name: 'Acme Corp',
        BillingCountry: 'United States',
      });
    });

    it('returns parent relationship fields as nested records, two levels deep, null when the lookup is empty (SOQL and SOSL Reference: Relationship Queries — Understanding Relationship Names)', async () => {
      const lines = await q(
        "SELECT Id, Opportunity.Name, Opportunity.Account.Name, PricebookEntry.Product2.Name, Product2.Stigg_ID__c FROM OpportunityLineItem WHERE Opportunity.Name LIKE 'Globex — Growth%' ORDER BY UnitPrice DESC",
      );
      expect(lines).toHaveLength(4);
      expect(lines[0].Opportunity).toEqual({
        attributes: { type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${makeId('006', 2)}` },
        Name: 'Globex — Growth, invoiced with price overrides',
        Account: { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${makeId('001', 2)}` }, Name: 'Globex' },
      });
      expect(lines[0].PricebookEntry.Product2.Name).toBe('Growth plan');
      expect(lines[0].Product2.Stigg_ID__c).toBe('plan-growth');
      const orphan = await conn.sobject('Contact').create({ LastName: 'Orphan' });
      const [contact] = await q(`SELECT Id, Account.Name FROM Contact WHERE Id = '${orphan.id}'`);
      expect(contact.Account).toBeNull();
    });

    it('returns child subqueries as {totalSize, done, records} and null when there are no children (SOQL and SOSL Reference: Relationship Queries — Using Relationship Queries)', async () => {
      const [acme] = await q(
        "SELECT Name, (SELECT LastName, Email FROM Contacts ORDER BY LastName), (SELECT Name FROM Opportunities WHERE IsWon = true ORDER BY Name) FROM Account WHERE Name = 'Acme Corp'",
      );
      expect(acme.Contacts.totalSize).toBe(2);
      expect(acme.Contacts.done).toBe(true);
      expect(acme.Contacts.records.map((c: Row) => c.LastName)).toEqual(['Admin', 'Buyer']);
      expect(acme.Contacts.records[0].attributes.type).toBe('Contact');
      expect(acme.Opportunities.records.map((o: Row) => o.Name)).toEqual([
        'Acme — Enterprise entitlements (billing outside Stigg)',
        'Acme — Renewal, same terms',
        'Acme — Two plans',
      ]);
      const [stark] = await q("SELECT Name, (SELECT Id FROM Contacts) FROM Account WHERE Name = 'Stark Industries'");
      expect(stark.Contacts).toBeNull();
      const [opp] = await q(
        `SELECT Id, (SELECT Id, Quantity, UnitPrice, Product2.Name FROM OpportunityLineItems), (SELECT ContactId, IsPrimary, Contact.Email FROM OpportunityContactRoles) FROM Opportunity WHERE Id = '${makeId('006', 3)}'`,
      );
      expect(opp.OpportunityLineItems.records.map((l: Row) => l.Product2.Name)).toEqual(['Growth plan', 'Seats', 'API credits']);
      expect(opp.OpportunityContactRoles.records[0]).toMatchObject({ IsPrimary: true, Contact: { Email: 'finance@initech.example' } });
    });

    it('accepts FIELDS(ALL) with LIMIT 200 and FIELDS(CUSTOM) (SOQL and SOSL Reference: FIELDS())', async () => {
      const [p] = await q("SELECT FIELDS(CUSTOM) FROM Product2 WHERE Name = 'Seats' LIMIT 1");
      expect(Object.keys(p)).toEqual(['attributes', 'Stigg_Type__c', 'Stigg_ID__c']);
      const all = await q('SELECT FIELDS(ALL) FROM Opportunity LIMIT 200');
      expect(all[0]).toHaveProperty('StageName');
      const err = await queryError('SELECT FIELDS(ALL) FROM Opportunity');
      expect(err.body[0].errorCode).toBe('MALFORMED_QUERY');
    });

    it('answers COUNT() with totalSize and no records (SOQL and SOSL Reference: COUNT() and COUNT(fieldName))', async () => {
      const res = await conn.query("SELECT COUNT() FROM Opportunity WHERE StageName = 'Closed Won'");
      expect(res.totalSize).toBe(14);
      expect(res.records).toEqual([]);
      expect((await conn.query('SELECT COUNT() FROM Opportunity LIMIT 3')).totalSize).toBe(3);
    });

    it('rejects a field selected twice (assumption: Salesforce answers "duplicate field selected")', async () => {
      const res = await queryError('SELECT Id, Name, id FROM Account');
      expect(res.status).toBe(400);
      expect(res.body[0].errorCode).toBe('MALFORMED_QUERY');
    });

    it('accepts an object alias in SELECT and WHERE (SOQL and SOSL Reference: Using Aliases with FROM)', async () => {
      expect(await names("SELECT a.Name FROM Account a WHERE a.Name = 'Initech'")).toEqual(['Initech']);
    });
  });

  describe('WHERE', () => {
    it('compares strings case-insensitively with =, != and <> (SOQL and SOSL Reference: Comparison Operators)', async () => {
      expect(await names("SELECT Name FROM Account WHERE Name = 'GLOBEX'")).toEqual(['Globex']);
      const notGlobex = await names("SELECT Name FROM Account WHERE Name != 'globex' AND BillingCountry = 'United States'");
      expect(notGlobex).not.toContain('Globex');
      expect(notGlobex).toContain('Acme Corp');
      expect(await names("SELECT Name FROM Account WHERE Name <> 'globex' AND BillingCountry = 'United States'")).toEqual(notGlobex);
    });

    it('includes null values for != and NOT IN, excludes them for = and range operators (SOQL and SOSL Reference: Comparison Operators; assumption for NOT IN)', async () => {
      const withoutEmail = await q("SELECT LastName FROM Contact WHERE Email != 'alice@acme.example'");
      expect(withoutEmail.map((c) => c.LastName)).toContain('Belson');
      expect((await q("SELECT LastName FROM Contact WHERE Email NOT IN ('alice@acme.example')")).map((c) => c.LastName)).toContain('Belson');
      expect((await q('SELECT LastName FROM Contact WHERE Email = null')).map((c) => c.LastName)).toEqual(
        expect.arrayContaining(['Belson']),
      );
      expect((await q("SELECT LastName FROM Contact WHERE Email > 'a'")).map((c) => c.LastName)).not.toContain('Belson');
      expect((await q('SELECT LastName FROM Contact WHERE Email != null')).every((c) => c.LastName !== 'Belson')).toBe(true);
    });

    it('compares numbers with <, >, <=, >= (SOQL and SOSL Reference: Comparison Operators)', async () => {
      const qty = async (cond: string) =>
        (await q(`SELECT Quantity FROM OpportunityLineItem WHERE OpportunityId = '${makeId('006', 4)}' AND ${cond} ORDER BY Quantity`)).map(
          (r) => r.Quantity,
        );
      expect(await qty('Quantity < 50')).toEqual([1]);
      expect(await qty('Quantity <= 50')).toEqual([1, 50]);
      expect(await qty('Quantity > 1000')).toEqual([20000]);
      expect(await qty('Quantity >= 1000')).toEqual([1000, 20000]);
      expect(await qty('UnitPrice = 0.0')).toEqual([1, 50, 1000, 20000]);
    });

    it('supports IN and NOT IN lists of strings, numbers and 15-character ids (SOQL and SOSL Reference: Comparison Operators — IN)', async () => {
      expect(await names("SELECT Name FROM Account WHERE Name IN ('Hooli', 'initech') ORDER BY Name")).toEqual(['Hooli', 'Initech']);
      const id15 = makeId('001', 5).slice(0, 15);
      expect(await names(`SELECT Name FROM Account WHERE Id IN ('${id15}', '${makeId('001', 7)}') ORDER BY Name`)).toEqual([
        'Hooli',
        'Wayne Enterprises',
      ]);
      expect(await names(`SELECT Name FROM Account WHERE Id = '${id15}'`)).toEqual(['Hooli']);
      expect(await names(`SELECT Name FROM Account WHERE Id = '${makeId('001', 5).toLowerCase()}'`)).toEqual(['Hooli']);
      const q2 = await q('SELECT Quantity FROM OpportunityLineItem WHERE Quantity IN (25, 100000) ORDER BY Quantity');
      expect(q2.map((r) => r.Quantity)).toEqual([25, 25, 25, 100000, 100000]);
      const notIn = await names("SELECT Name FROM Account WHERE BillingCountry NOT IN ('United States', 'Z-Test')");
      expect(notIn).toEqual(['Umbrella']);
    });

    it('answers INVALID_QUERY_FILTER_OPERATOR for a malformed id literal (assumption: Salesforce reports "invalid ID field")', async () => {
      const res = await queryError("SELECT Id FROM Account WHERE Id = 'not-an-id'");
      expect(res.status).toBe(400);
      expect(res.body).toEqual([{ message: 'invalid ID field: not-an-id', errorCode: 'INVALID_QUERY_FILTER_OPERATOR' }]);
    });

    it('orders and compares ids for keyset paging (Id > last id) (SOQL and SOSL Reference: Comparison Operators; ORDER BY)', async () => {
      const page = await q(`SELECT Name FROM Account WHERE Id > '${makeId('001', 5)}' ORDER BY Id LIMIT 2`);
      expect(page.map((r) => r.Name)).toEqual(['Stark Industries', 'Wayne Enterprises']);
    });

    it('matches LIKE with % and _ case-insensitively and honours \\%, \\_, \\\\ and \\\' escapes (SOQL and SOSL Reference: Comparison Operators — LIKE; Quoted String Escape Sequences)', async () => {
      expect(await names("SELECT Name FROM Account WHERE Name LIKE 'ac%'")).toEqual(['Acme Corp']);
      expect(await names("SELECT Name FROM Account WHERE Name LIKE 'h_oli'")).toEqual(['Hooli']);
      expect(await names("SELECT Name FROM Account WHERE Name LIKE '%100\\%%'")).toEqual(['Pct 100% Co']);
      expect(await names("SELECT Name FROM Account WHERE Name LIKE '%\\%%' ORDER BY Name")).toEqual(['Pct 100% Co']);
      expect(await names("SELECT Name FROM Account WHERE Name LIKE '%\\_%'")).toEqual(['Under_score Ltd']);
      expect(await names("SELECT Name FROM Account WHERE Name LIKE '%\\\\%'")).toEqual(['Back\\slash Inc']);
      expect(await names("SELECT Name FROM Account WHERE Name LIKE 'o\\'brien%'")).toEqual(["O'Brien & Sons"]);
      expect(await names("SELECT Name FROM Account WHERE Name = 'O\\'Brien & Sons'")).toEqual(["O'Brien & Sons"]);
      expect(await names("SELECT Name FROM Account WHERE Name = 'Back\\\\slash Inc'")).toEqual(['Back\\slash Inc']);
      expect(await names("SELECT Name FROM Account WHERE Name = 'Tab\\there'")).toEqual(['Tab\there']);
      expect(await names("SELECT Name FROM Account WHERE Name = 'Tab\\u0009here'")).toEqual(['Tab\there']);
    });

    it('rejects \\% and \\_ outside LIKE and unknown escapes with MALFORMED_QUERY (SOQL and SOSL Reference: Quoted String Escape Sequences)', async () => {
      for (const soql of ["SELECT Id FROM Account WHERE Name = '100\\%'", "SELECT Id FROM Account WHERE Name = 'a\\qb'"]) {
        const res = await queryError(soql);
        expect(res.status).toBe(400);
        expect(res.body[0].errorCode).toBe('MALFORMED_QUERY');
      }
    });

    it('combines AND, OR and NOT with parentheses (SOQL and SOSL Reference: Logical Operators)', async () => {
      expect(
        await names("SELECT Name FROM Account WHERE (Name = 'Hooli' OR Name = 'Globex') AND BillingCity = 'Palo Alto'"),
      ).toEqual(['Hooli']);
      expect(await names("SELECT Name FROM Account WHERE Name = 'Hooli' OR (Name = 'Globex' AND BillingCity = 'Palo Alto')")).toEqual([
        'Hooli',
      ]);
      expect(
        await names("SELECT Name FROM Account WHERE BillingCountry = 'United States' AND (NOT Name LIKE '%o%') ORDER BY Name"),
      ).toEqual(['Initech', 'Stark Industries', 'Wayne Enterprises']);
      expect(await names("SELECT Name FROM Account WHERE NOT (BillingCountry = 'United States' OR BillingCountry = 'Z-Test')")).toEqual([
        'Umbrella',
      ]);
      expect(await names("SELECT Name FROM Account WHERE Name = 'A' OR Name = 'Hooli' OR Name = 'B'")).toEqual(['Hooli']);
    });

    it('rejects AND/OR/NOT mixed without parentheses with MALFORMED_QUERY (SOQL and SOSL Reference: Logical Operators — "Parentheses are required whenever you mix the operators")', async () => {
      for (const soql of [
        "SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'",
        "SELECT Id FROM Account WHERE Name = 'a' AND NOT Name = 'b'",
        "SELECT Id FROM Account WHERE NOT Name = 'a' AND Name = 'b'",
      ]) {
        const res = await queryError(soql);
        expect(res.status).toBe(400);
        expect(res.body[0].errorCode).toBe('MALFORMED_QUERY');
      }
    });

    it('filters booleans, null and parent fields (SOQL and SOSL Reference: Condition Expression Syntax (WHERE Clause))', async () => {
      const won = await q('SELECT Name FROM Opportunity WHERE IsWon = true AND IsClosed = TRUE');
      expect(won).toHaveLength(14);
      expect(await names("SELECT Name FROM Opportunity WHERE IsClosed = false")).toEqual(['Acme — Expansion']);
      expect(await names('SELECT Name FROM Product2 WHERE Stigg_Type__c = null')).toEqual(['Professional services']);
      expect(await names("SELECT Name FROM Opportunity WHERE Account.Name = 'stark industries' ORDER BY Name")).toEqual([
        'Stark — Lost deal',
        'Stark — Unknown SKU',
      ]);
    });

    it('filters dates and datetimes with date, datetime and relative date literals (SOQL and SOSL Reference: Date Formats and Date Literals)', async () => {
      expect(await names('SELECT Name FROM Opportunity WHERE CloseDate = 2026-01-22')).toEqual([
        'Initech — Growth with API credits, card on file',
      ]);
      expect(await names('SELECT Name FROM Opportunity WHERE CloseDate > 2026-02-20 ORDER BY CloseDate')).toEqual([
        'Umbrella — Legacy SSO SKU',
        'Initech — Upsell: 10 seats and SSO',
        'Hooli — Downgrade to Free',
        'Acme — Renewal, same terms',
        'Globex — Renewal with 25 seats',
        'Umbrella — Renewal (churned)',
        'Acme — Expansion',
      ]);
      expect(await names('SELECT Name FROM Opportunity WHERE CloseDate IN (2026-01-15, 2026-02-02) ORDER BY CloseDate')).toHaveLength(2);
      expect((await q('SELECT Id FROM Account WHERE CreatedDate < 2026-01-05T09:00:01Z'))).toHaveLength(7);
      expect((await q('SELECT Id FROM Account WHERE CreatedDate = 2026-01-05T09:00:00.000+0000'))).toHaveLength(7);
      expect((await q('SELECT Id FROM Account WHERE CreatedDate = TODAY')).length).toBe(5);
      expect((await q('SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:2')).length).toBe(5);
      expect((await q('SELECT Id FROM Account WHERE CreatedDate < THIS_YEAR')).length).toBe(new Date().getUTCFullYear() > 2026 ? 7 : 0);

      const today = new Date().toISOString().slice(0, 10);
      const created = await conn.sobject('Opportunity').create({
        Name: 'Closes today',
        StageName: 'Prospecting',
        CloseDate: today,
        AccountId: makeId('001', 6),
      });
      expect(await names('SELECT Name FROM Opportunity WHERE CloseDate = TODAY')).toEqual(['Closes today']);
      expect(await names("SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_DAYS:3 AND Name = 'Closes today'")).toEqual([]);
      expect(await names("SELECT Name FROM Opportunity WHERE CloseDate >= YESTERDAY AND CloseDate < TOMORROW")).toEqual(['Closes today']);
      await conn.sobject('Opportunity').destroy(created.id!);
    });

    it('answers INVALID_FIELD when a literal does not match the field type (assumption: Salesforce\'s "value of filter criterion" message)', async () => {
      for (const soql of [
        'SELECT Id FROM Account WHERE Name = 5',
        "SELECT Id FROM Opportunity WHERE Amount = '5'",
        "SELECT Id FROM Opportunity WHERE IsWon = 'true'",
        'SELECT Id FROM Opportunity WHERE CloseDate = 2026-01-22T00:00:00Z',
      ]) {
        const res = await queryError(soql);
        expect(res.status).toBe(400);
        expect(res.body[0].errorCode).toBe('INVALID_FIELD');
        expect(res.body[0].message).toMatch(/value of filter criterion/);
      }
    });

    it('supports semi-joins and anti-joins on id fields (SOQL and SOSL Reference: Semi-Joins with IN and Anti-Joins with NOT IN)', async () => {
      expect(
        await names("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE StageName = 'Closed Lost') ORDER BY Name"),
      ).toEqual(['Stark Industries', 'Umbrella']);
      const withoutContacts = await names(
        "SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact) AND BillingCountry != 'Z-Test'",
      );
      expect(withoutContacts).toEqual(['Stark Industries']);
    });
  });

  describe('ORDER BY, LIMIT, OFFSET', () => {
    it('orders ASC/DESC over several fields, case-insensitively, nulls first by default and NULLS LAST on request (SOQL and SOSL Reference: ORDER BY)', async () => {
      const byCountry = await q("SELECT Name, BillingCountry FROM Account WHERE BillingCountry != 'Z-Test' ORDER BY BillingCountry DESC, Name ASC");
      expect(byCountry.map((r) => r.Name)).toEqual([
        'Acme Corp',
        'Globex',
        'Hooli',
        'Initech',
        'Stark Industries',
        'Wayne Enterprises',
        'Umbrella',
      ]);
      const emails = await q('SELECT LastName, Email FROM Contact WHERE AccountId != null ORDER BY Email');
      expect(emails[0].Email).toBeNull();
      const emailsLast = await q('SELECT LastName, Email FROM Contact WHERE AccountId != null ORDER BY Email DESC NULLS LAST');
      expect(emailsLast[emailsLast.length - 1].Email).toBeNull();
      expect(emailsLast[0].Email).toBe('ops@umbrella.example');
      const nullsFirst = await q('SELECT LastName, Email FROM Contact WHERE AccountId != null ORDER BY Email ASC NULLS FIRST');
      expect(nullsFirst[0].Email).toBeNull();
      const lower = await names("SELECT Name FROM Account WHERE Name IN ('acme corp', 'Back\\\\slash Inc') ORDER BY Name");
      expect(lower).toEqual(['Acme Corp', 'Back\\slash Inc']);
      const byParent = await q("SELECT Name FROM Opportunity WHERE IsWon = true ORDER BY Account.Name DESC, CloseDate DESC LIMIT 2");
      expect(byParent.map((r) => r.Name)).toEqual(['Wayne — Growth trial', 'Umbrella — Legacy SSO SKU']);
    });

    it('applies LIMIT and OFFSET (SOQL and SOSL Reference: LIMIT; OFFSET)', async () => {
      const all = await names('SELECT Name FROM Opportunity ORDER BY CloseDate, Name');
      expect(await names('SELECT Name FROM Opportunity ORDER BY CloseDate, Name LIMIT 3')).toEqual(all.slice(0, 3));
      expect(await names('SELECT Name FROM Opportunity ORDER BY CloseDate, Name LIMIT 3 OFFSET 2')).toEqual(all.slice(2, 5));
      expect(await names('SELECT Name FROM Opportunity ORDER BY CloseDate, Name OFFSET 2000')).toEqual([]);
    });

    it('answers 400 NUMBER_OUTSIDE_VALID_RANGE for an OFFSET over 2,000 (SOQL and SOSL Reference: OFFSET)', async () => {
      const res = await queryError('SELECT Id FROM Account LIMIT 10 OFFSET 2001');
      expect(res.status).toBe(400);
      expect(res.body).toEqual([{ message: 'Maximum SOQL offset allowed is 2000', errorCode: 'NUMBER_OUTSIDE_VALID_RANGE' }]);
      await expect(conn.query('SELECT Id FROM Account OFFSET 5000')).rejects.toMatchObject({ errorCode: 'NUMBER_OUTSIDE_VALID_RANGE' });
    });
  });

  describe('queryAll and errors', () => {
    it('includes deleted rows (IsDeleted = true) in queryAll but not in query (REST API Developer Guide: Execute a SOQL Query that Includes Deleted Items)', async () => {
      const c = await conn.sobject('Contact').create({ LastName: 'Deleted Later', AccountId: makeId('001', 6) });
      await conn.sobject('Contact').destroy(c.id!);
      const soql = "SELECT Id, IsDeleted FROM Contact WHERE LastName = 'Deleted Later'";
      expect((await conn.query(soql)).totalSize).toBe(0);
      const all = await conn.query<Row>(soql, { scanAll: true });
      expect(all.records).toEqual([expect.objectContaining({ Id: c.id, IsDeleted: true })]);
      const rawAll = await raw(sf, `${v(sf)}/queryAll?q=${encodeURIComponent(soql)}`);
      expect(rawAll.body.totalSize).toBe(1);
      expect((await conn.query(`${soql.replace('WHERE', 'WHERE IsDeleted = true AND')}`, { scanAll: true })).totalSize).toBe(1);
    });

    it('answers 400 MALFORMED_QUERY for unparseable SOQL, in Salesforce\'s error body shape (REST API Developer Guide: Status Codes and Error Responses)', async () => {
      const res = await queryError('SELECT FROM Account WHERE');
      expect(res.status).toBe(400);
      expect(res.body).toHaveLength(1);
      expect(res.body[0]).toEqual({ message: expect.any(String), errorCode: 'MALFORMED_QUERY' });
      await expect(conn.query('SELEKT Id FROM Account')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
      expect((await raw(sf, `${v(sf)}/query`)).body[0].errorCode).toBe('MALFORMED_QUERY');
    });

    it('answers 400 INVALID_TYPE for an unknown object or child relationship (REST API Developer Guide: Status Codes and Error Responses)', async () => {
      const res = await queryError('SELECT Id FROM Invoice__c');
      expect(res.status).toBe(400);
      expect(res.body[0].errorCode).toBe('INVALID_TYPE');
      expect(res.body[0].message).toMatch(/sObject type 'Invoice__c' is not supported/);
      expect((await queryError('SELECT Id, (SELECT Id FROM Invoices__r) FROM Account')).body[0].errorCode).toBe('INVALID_TYPE');
    });

    it('answers 400 INVALID_FIELD for an unknown field or parent relationship (REST API Developer Guide: Status Codes and Error Responses)', async () => {
      const res = await queryError('SELECT Id, Colour__c FROM Account');
      expect(res.status).toBe(400);
      expect(res.body[0]).toEqual({ errorCode: 'INVALID_FIELD', message: expect.stringMatching(/^No such column 'Colour__c' on entity 'Account'/) });
      expect((await queryError('SELECT Owner.Name FROM Account')).body[0].errorCode).toBe('INVALID_FIELD');
      expect((await queryError("SELECT Id FROM Account WHERE Colour__c = 'red'")).body[0].errorCode).toBe('INVALID_FIELD');
      expect((await queryError('SELECT Id FROM Account ORDER BY Colour__c')).body[0].errorCode).toBe('INVALID_FIELD');
      await expect(conn.query('SELECT Nope FROM Contact')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    });

    it('answers 414 before anything else when the request URI exceeds 16,384 bytes (REST API Developer Guide: Status Codes and Error Responses — 414)', async () => {
      const ids = Array.from({ length: 900 }, (_, i) => `'${makeId('001', i + 1)}'`).join(',');
      const soql = `SELECT Id FROM Account WHERE Id IN (${ids})`;
      const res = await raw(sf, `${v(sf)}/query?q=${encodeURIComponent(soql)}`, { token: 'not-even-a-valid-token' });
      expect(res.status).toBe(414);
      expect(res.body[0].errorCode).toBe('URI_TOO_LONG');
      const ok = Array.from({ length: 200 }, (_, i) => `'${makeId('001', i + 1)}'`).join(',');
      expect((await conn.query(`SELECT Id FROM Account WHERE Id IN (${ok})`)).totalSize).toBe(7);
    });

    it('rejects GROUP BY and aggregate functions other than COUNT() (assumption: outside the sandbox subset)', async () => {
      expect((await queryError('SELECT StageName FROM Opportunity GROUP BY StageName')).body[0].errorCode).toBe('MALFORMED_QUERY');
      expect((await queryError('SELECT SUM(Amount) FROM Opportunity')).body[0].errorCode).toBe('MALFORMED_QUERY');
    });
  });
});
