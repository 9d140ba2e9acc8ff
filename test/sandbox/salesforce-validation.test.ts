import type { Connection } from 'jsforce';
import { SalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { connect, makeId, raw, startSf, v } from './helpers/salesforce';

const STANDARD_PB = makeId('01s', 1);
const ACME = makeId('001', 1);
const pbe = (n: number) => makeId('01u', n); // seeded entries follow the product numbers
const GROWTH = 2;
const SEATS = 5;

describe('Salesforce emulator: derived fields and validation rules', () => {
  let sf: SalesforceEmulator;
  let conn: Connection;
  beforeAll(async () => {
    sf = await startSf();
    conn = connect(sf);
  });
  afterAll(() => sf.stop());

  const newOpp = async (fields: Record<string, unknown> = {}) => {
    const res = await conn.sobject('Opportunity').create({
      Name: 'Validation opp',
      StageName: 'Prospecting',
      CloseDate: '2026-03-31',
      AccountId: ACME,
      Pricebook2Id: STANDARD_PB,
      ...fields,
    });
    return res.id!;
  };
  const createError = async (type: string, body: Record<string, unknown>) => {
    const res = await raw(sf, `${v(sf)}/sobjects/${type}`, { method: 'POST', body });
    expect(res.status).toBe(400);
    return res.body[0];
  };
  const updateError = async (type: string, id: string, body: Record<string, unknown>) => {
    const res = await raw(sf, `${v(sf)}/sobjects/${type}/${id}`, { method: 'PATCH', body });
    expect(res.status).toBe(400);
    return res.body[0];
  };

  describe('derived fields', () => {
    it('derives IsClosed and IsWon from the stage: Closed Won → both, Closed Lost → closed only, others open; Probability follows the stage (Object Reference for the Salesforce Platform: Opportunity; OpportunityStage)', async () => {
      const id = await newOpp();
      const read = async () => (await conn.sobject('Opportunity').retrieve(id, { fields: ['IsClosed', 'IsWon', 'Probability'] })) as any;
      expect(await read()).toMatchObject({ IsClosed: false, IsWon: false, Probability: 10 });
      await conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Won' });
      expect(await read()).toMatchObject({ IsClosed: true, IsWon: true, Probability: 100 });
      await conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Lost' });
      expect(await read()).toMatchObject({ IsClosed: true, IsWon: false, Probability: 0 });
      await conn.sobject('Opportunity').update({ Id: id, StageName: 'Negotiation/Review', Probability: 55 });
      expect(await read()).toMatchObject({ IsClosed: false, IsWon: false, Probability: 55 });
    });

    it('computes TotalPrice = Quantity × UnitPrice × (1 − Discount/100), Subtotal and ListPrice from the price book entry (Object Reference for the Salesforce Platform: OpportunityLineItem)', async () => {
      const [seats] = (
        await conn.query<any>(
          `SELECT Quantity, UnitPrice, Discount, Subtotal, TotalPrice, ListPrice, Product2Id, ProductCode, Name FROM OpportunityLineItem WHERE OpportunityId = '${makeId('006', 2)}' AND Product2.Name = 'Seats'`,
        )
      ).records;
      expect(seats).toMatchObject({
        Quantity: 20,
        UnitPrice: 18,
        Discount: 10,
        Subtotal: 360,
        TotalPrice: 324,
        ListPrice: 20,
        Product2Id: makeId('01t', SEATS),
        ProductCode: 'FEATURE-SEATS',
        Name: 'Globex — Growth, invoiced with price overrides Seats',
      });
    });

    it('sets Amount to the sum of the line items\' TotalPrice when the opportunity has products, else the stored Amount (Object Reference for the Salesforce Platform: Opportunity — Amount)', async () => {
      const id = await newOpp({ Amount: 999 });
      const amount = async () => ((await conn.sobject('Opportunity').retrieve(id)) as any).Amount;
      expect(await amount()).toBe(999);
      const line = await conn.sobject('OpportunityLineItem').create({ OpportunityId: id, PricebookEntryId: pbe(GROWTH), Quantity: 2, UnitPrice: 450 });
      expect(line.success).toBe(true);
      expect(await amount()).toBe(900);
      await conn.sobject('OpportunityLineItem').create({ OpportunityId: id, Product2Id: makeId('01t', SEATS), Quantity: 3, UnitPrice: 20, Discount: 50 });
      expect(await amount()).toBe(930);
      expect(((await conn.sobject('Opportunity').retrieve(id)) as any).HasOpportunityLineItem).toBe(true);
      await conn.sobject('OpportunityLineItem').update({ Id: line.id!, Quantity: 1 });
      expect(await amount()).toBe(480);
      const [globex] = (await conn.query<any>(`SELECT Amount FROM Opportunity WHERE Id = '${makeId('006', 2)}'`)).records;
      expect(globex.Amount).toBe(450 + 324 + 99 + 150);
    });

    it('derives Product2Id and ListPrice from the entry and finds the entry from Product2Id alone (Object Reference for the Salesforce Platform: OpportunityLineItem — Product2Id)', async () => {
      const id = await newOpp();
      const line = await conn.sobject('OpportunityLineItem').create({ OpportunityId: id, Product2Id: makeId('01t', GROWTH), Quantity: 1, UnitPrice: 1 });
      const back = (await conn.sobject('OpportunityLineItem').retrieve(line.id!)) as any;
      expect(back).toMatchObject({ PricebookEntryId: pbe(GROWTH), Product2Id: makeId('01t', GROWTH), ListPrice: 500, CurrencyIsoCode: 'USD' });
    });

    it('creates a line item from TotalPrice instead of UnitPrice, deriving UnitPrice = TotalPrice ÷ Quantity (Object Reference for the Salesforce Platform: OpportunityLineItem — TotalPrice, UnitPrice)', async () => {
      const id = await newOpp();
      const line = await conn.sobject('OpportunityLineItem').create({ OpportunityId: id, PricebookEntryId: pbe(GROWTH), Quantity: 10, TotalPrice: 1200 });
      expect(line.success).toBe(true);
      const back = (await conn.sobject('OpportunityLineItem').retrieve(line.id!)) as any;
      expect(back).toMatchObject({ Quantity: 10, UnitPrice: 120, Subtotal: 1200, TotalPrice: 1200, ListPrice: 500 });
      expect(((await conn.sobject('Opportunity').retrieve(id)) as any).Amount).toBe(1200);
    });

    it('derives UnitPrice from TotalPrice through the Discount, so TotalPrice reads back as given: UnitPrice = TotalPrice ÷ (Quantity × (1 − Discount/100)), unrounded (assumption)', async () => {
      const id = await newOpp();
      const discounted = await conn.sobject('OpportunityLineItem').create({ OpportunityId: id, Product2Id: makeId('01t', SEATS), Quantity: 10, Discount: 10, TotalPrice: 900 });
      expect(await conn.sobject('OpportunityLineItem').retrieve(discounted.id!)).toMatchObject({ UnitPrice: 100, Discount: 10, Subtotal: 1000, TotalPrice: 900 });
      const thirds = await conn.sobject('OpportunityLineItem').create({ OpportunityId: id, Product2Id: makeId('01t', SEATS), Quantity: 3, TotalPrice: 100 });
      const back = (await conn.sobject('OpportunityLineItem').retrieve(thirds.id!)) as any;
      expect(back.UnitPrice).toBeCloseTo(33.3333, 4);
      expect(back.TotalPrice).toBe(100);
    });

    it('derives Contact.Name from FirstName and LastName (Object Reference for the Salesforce Platform: Contact — Name)', async () => {
      const c = await conn.sobject('Contact').create({ FirstName: 'Ada', LastName: 'Lovelace' });
      expect(((await conn.sobject('Contact').retrieve(c.id!)) as any).Name).toBe('Ada Lovelace');
    });

    it('assigns the entry\'s price book to an opportunity that has none when the first product is added (assumption)', async () => {
      const id = await newOpp({ Pricebook2Id: null });
      await conn.sobject('OpportunityLineItem').create({ OpportunityId: id, PricebookEntryId: pbe(GROWTH), Quantity: 1, UnitPrice: 500 });
      expect(((await conn.sobject('Opportunity').retrieve(id)) as any).Pricebook2Id).toBe(STANDARD_PB);
    });
  });

  describe('validation', () => {
    it('answers REQUIRED_FIELD_MISSING naming the fields (SOAP API Developer Guide: StatusCode — REQUIRED_FIELD_MISSING)', async () => {
      expect(await createError('Opportunity', { Name: 'No stage' })).toEqual({
        message: 'Required fields are missing: [StageName, CloseDate]',
        errorCode: 'REQUIRED_FIELD_MISSING',
        fields: ['StageName', 'CloseDate'],
      });
      const id = await newOpp();
      expect(await updateError('Opportunity', id, { Name: null })).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] });
      await expect(conn.sobject('Contact').create({ FirstName: 'Only' })).rejects.toMatchObject({
        errorCode: 'REQUIRED_FIELD_MISSING',
        data: { fields: ['LastName'] },
      });
    });

    it('answers INVALID_CROSS_REFERENCE_KEY for a reference to a missing record or a record of the wrong type, MALFORMED_ID for a malformed one (SOAP API Developer Guide: StatusCode — INVALID_CROSS_REFERENCE_KEY, MALFORMED_ID)', async () => {
      const base = { Name: 'Bad ref', StageName: 'Prospecting', CloseDate: '2026-03-31' };
      expect(await createError('Opportunity', { ...base, AccountId: makeId('001', 999) })).toEqual({
        message: 'invalid cross reference id',
        errorCode: 'INVALID_CROSS_REFERENCE_KEY',
        fields: ['AccountId'],
      });
      expect(await createError('Opportunity', { ...base, AccountId: makeId('003', 1) })).toMatchObject({
        errorCode: 'INVALID_CROSS_REFERENCE_KEY',
        fields: ['AccountId'],
      });
      expect(await createError('Opportunity', { ...base, AccountId: 'abc' })).toMatchObject({ errorCode: 'MALFORMED_ID', fields: ['AccountId'] });
      expect(await createError('OpportunityContactRole', { OpportunityId: makeId('006', 1), ContactId: makeId('003', 999) })).toMatchObject({
        errorCode: 'INVALID_CROSS_REFERENCE_KEY',
      });
    });

    it('answers FIELD_INTEGRITY_EXCEPTION when the line\'s price book entry is not in the opportunity\'s price book (Object Reference for the Salesforce Platform: OpportunityLineItem — PricebookEntryId)', async () => {
      const book = await conn.sobject('Pricebook2').create({ Name: 'Partner prices', IsActive: true });
      const entry = await conn.sobject('PricebookEntry').create({
        Pricebook2Id: book.id,
        Product2Id: makeId('01t', GROWTH),
        UnitPrice: 400,
        IsActive: true,
      });
      expect(entry.success).toBe(true);
      const opp = await newOpp();
      expect(await createError('OpportunityLineItem', { OpportunityId: opp, PricebookEntryId: entry.id, Quantity: 1, UnitPrice: 400 })).toEqual({
        message: 'field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the opportunity)',
        errorCode: 'FIELD_INTEGRITY_EXCEPTION',
        fields: ['PricebookEntryId'],
      });
      const eurOpp = await newOpp({ CurrencyIsoCode: 'EUR' });
      expect(await createError('OpportunityLineItem', { OpportunityId: eurOpp, PricebookEntryId: pbe(GROWTH), Quantity: 1, UnitPrice: 1 })).toMatchObject({
        errorCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: expect.stringMatching(/currency/),
      });
      expect(await createError('OpportunityLineItem', { OpportunityId: opp, PricebookEntryId: pbe(12), Quantity: 1, UnitPrice: 1 })).toMatchObject({
        errorCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: expect.stringMatching(/product is inactive/),
      });
      expect(await createError('OpportunityLineItem', { OpportunityId: opp, PricebookEntryId: pbe(GROWTH), Quantity: 1 })).toMatchObject({
        errorCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: expect.stringMatching(/UnitPrice/),
      });
      await conn.sobject('OpportunityLineItem').create({ OpportunityId: opp, PricebookEntryId: pbe(GROWTH), Quantity: 1, UnitPrice: 1 });
      expect(await updateError('Opportunity', opp, { Pricebook2Id: book.id })).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
    });

    it('refuses a line item created with both UnitPrice and TotalPrice: 400 FIELD_INTEGRITY_EXCEPTION naming TotalPrice (Object Reference for the Salesforce Platform: OpportunityLineItem — UnitPrice: "you can\'t specify both"; assumption: the error code and message)', async () => {
      const opp = await newOpp();
      expect(await createError('OpportunityLineItem', { OpportunityId: opp, PricebookEntryId: pbe(GROWTH), Quantity: 2, UnitPrice: 450, TotalPrice: 900 })).toEqual({
        message: 'field integrity exception: TotalPrice (cannot specify both UnitPrice and TotalPrice)',
        errorCode: 'FIELD_INTEGRITY_EXCEPTION',
        fields: ['TotalPrice'],
      });
      await expect(conn.sobject('OpportunityLineItem').create({ OpportunityId: opp, PricebookEntryId: pbe(GROWTH), Quantity: 2, UnitPrice: 450, TotalPrice: 900 }))
        .rejects.toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
      expect((await conn.query(`SELECT COUNT() FROM OpportunityLineItem WHERE OpportunityId = '${opp}'`)).totalSize).toBe(0);
    });

    it('refuses a TotalPrice no UnitPrice can give (a 100% discount) with FIELD_INTEGRITY_EXCEPTION (assumption)', async () => {
      const opp = await newOpp();
      expect(await createError('OpportunityLineItem', { OpportunityId: opp, PricebookEntryId: pbe(GROWTH), Quantity: 2, Discount: 100, TotalPrice: 900 })).toMatchObject({
        errorCode: 'FIELD_INTEGRITY_EXCEPTION',
        fields: ['TotalPrice'],
      });
    });

    it('requires a standard price before a custom price book entry and refuses duplicates (Object Reference for the Salesforce Platform: PricebookEntry; SOAP API Developer Guide: StatusCode — STANDARD_PRICE_NOT_DEFINED, DUPLICATE_VALUE)', async () => {
      const product = await conn.sobject('Product2').create({ Name: 'Unpriced', IsActive: true });
      const book = await conn.sobject('Pricebook2').create({ Name: 'Another book', IsActive: true });
      expect(await createError('PricebookEntry', { Pricebook2Id: book.id, Product2Id: product.id, UnitPrice: 1 })).toMatchObject({
        errorCode: 'STANDARD_PRICE_NOT_DEFINED',
      });
      expect(await createError('PricebookEntry', { Pricebook2Id: STANDARD_PB, Product2Id: makeId('01t', 1), UnitPrice: 1 })).toMatchObject({
        errorCode: 'DUPLICATE_VALUE',
      });
    });

    it('answers INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST for a value outside a restricted picklist (SOAP API Developer Guide: StatusCode — INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST)', async () => {
      expect(await createError('Product2', { Name: 'Bad type', Stigg_Type__c: 'Bundle' })).toEqual({
        message: 'Stigg Type: bad value for restricted picklist field: Bundle',
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        fields: ['Stigg_Type__c'],
      });
      const id = await newOpp();
      expect(await updateError('Opportunity', id, { StageName: 'Won-ish' })).toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' });
      expect(await updateError('Opportunity', id, { CurrencyIsoCode: 'XXX' })).toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' });
      for (const status of ['Pending', 'Provisioned', 'Action required', 'Failed']) {
        await conn.sobject('Opportunity').update({ Id: id, Stigg_Provisioning_Status__c: status });
      }
    });

    it('answers INVALID_FIELD for an unknown field on write (REST API Developer Guide: Status Codes and Error Responses)', async () => {
      const id = await newOpp();
      const res = await raw(sf, `${v(sf)}/sobjects/Opportunity/${id}`, { method: 'PATCH', body: { Stigg_Plan__c: 'x' } });
      expect(res.status).toBe(400);
      expect(res.body[0].errorCode).toBe('INVALID_FIELD');
    });

    it('answers INVALID_FIELD_FOR_INSERT_UPDATE for derived or create-only fields (SOAP API Developer Guide: StatusCode — INVALID_FIELD_FOR_INSERT_UPDATE)', async () => {
      expect(await createError('Opportunity', { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-01-01', IsWon: true })).toMatchObject({
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        fields: ['IsWon'],
      });
      const [line] = (await conn.query<any>(`SELECT Id FROM OpportunityLineItem WHERE OpportunityId = '${makeId('006', 3)}' LIMIT 1`)).records;
      expect(await updateError('OpportunityLineItem', line.Id, { TotalPrice: 1 })).toMatchObject({
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        fields: ['TotalPrice'],
      });
      expect(await updateError('OpportunityLineItem', line.Id, { OpportunityId: makeId('006', 1) })).toMatchObject({
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      });
      expect(await createError('Contact', { LastName: 'x', Name: 'x y' })).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
    });

    it('refuses a second account with the same unique Stigg customer id and an invalid email (SOAP API Developer Guide: StatusCode — DUPLICATE_VALUE, INVALID_EMAIL_ADDRESS)', async () => {
      expect(await createError('Account', { Name: 'Initech 2', Stigg_Customer_Id__c: 'CUSTOMER-INITECH' })).toMatchObject({
        errorCode: 'DUPLICATE_VALUE',
        fields: ['Stigg_Customer_Id__c'],
      });
      expect(await createError('Contact', { LastName: 'x', Email: 'not-an-email' })).toMatchObject({ errorCode: 'INVALID_EMAIL_ADDRESS' });
    });

    it('keeps a single primary contact role per opportunity (Object Reference for the Salesforce Platform: OpportunityContactRole — IsPrimary)', async () => {
      const opp = makeId('006', 1);
      const bob = makeId('003', 2);
      await conn.sobject('OpportunityContactRole').create({ OpportunityId: opp, ContactId: bob, Role: 'Evaluator', IsPrimary: true });
      const roles = (await conn.query<any>(`SELECT Contact.LastName, IsPrimary FROM OpportunityContactRole WHERE OpportunityId = '${opp}' ORDER BY Contact.LastName`)).records;
      expect(roles.map((r) => [r.Contact.LastName, r.IsPrimary])).toEqual([
        ['Admin', false],
        ['Buyer', true],
      ]);
    });

    it('cascades an opportunity delete to its line items and contact roles, and blocks deleting an entry in use (Object Reference for the Salesforce Platform: OpportunityLineItem; assumption: DELETE_FAILED)', async () => {
      const opp = makeId('006', 10);
      await conn.sobject('Opportunity').destroy(opp);
      expect((await conn.query(`SELECT COUNT() FROM OpportunityLineItem WHERE OpportunityId = '${opp}'`)).totalSize).toBe(0);
      const deleted = await conn.query<any>(`SELECT Id, IsDeleted FROM OpportunityLineItem WHERE OpportunityId = '${opp}'`, { scanAll: true });
      expect(deleted.records.map((r) => r.IsDeleted)).toEqual([true]);
      expect((await conn.query(`SELECT COUNT() FROM OpportunityContactRole WHERE OpportunityId = '${opp}'`)).totalSize).toBe(0);
      const res = await raw(sf, `${v(sf)}/sobjects/PricebookEntry/${pbe(GROWTH)}`, { method: 'DELETE' });
      expect(res.status).toBe(400);
      expect(res.body[0].errorCode).toBe('DELETE_FAILED');
    });
  });
});
