import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BillingPeriod, CreditGrantType, PaymentCollectionMethod } from '@stigg/node-server-sdk';
import { getOperationAST, getVariableValues, parse, validate } from 'graphql';
import { stiggSchema } from '../../src/sandbox/stigg/schema';
import { stiggReferenceDir, stiggReferenceSchema } from '../../src/sandbox/stigg/reference-schema';
import { REFERENCE_REFUSAL } from '../../src/sandbox/stigg/stigg-emulator';
import { schemaSubsetViolations } from '../helpers/schema-subset';
import { gatewayDocuments, newCustomer, rawGraphQL, startStiggHarness, StiggHarness, uniqueId } from './helpers/stigg-harness';

/*
 * The emulator is only worth what it agrees with the real service: these tests hold it to the
 * reference of Stigg's public schema in reference/stigg (sources: docs.stigg.io graphql-reference
 * pages and Stigg's public Go client models).
 */

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});

/** Validation and variable-coercion messages of a request against a schema (empty: it conforms). */
function conformance(schema: ReturnType<typeof stiggReferenceSchema>, query: string, variables: Record<string, unknown> | null, operationName?: string | null): string[] {
  const document = parse(query);
  const errors = validate(schema, document).map((e) => e.message);
  if (errors.length) return errors;
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return ['no operation'];
  return (getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).errors ?? []).map((e) => e.message);
}

describe('the emulator\'s schema is a subset of Stigg\'s (reference/stigg)', () => {
  test('every type, field, argument, input field, enum value and union member the emulator declares is in the reference with the same type; inputs keep every field the reference requires', () => {
    expect(schemaSubsetViolations(stiggSchema(), stiggReferenceSchema())).toEqual([]);
  });

  test('the emulator declares the reference\'s argument defaults (e.g. paging: CursorPaging = {first: 10})', () => {
    const ours = stiggSchema().getQueryType()!.getFields();
    const ref = stiggReferenceSchema().getQueryType()!.getFields();
    const differing: string[] = [];
    for (const field of Object.values(ours)) {
      for (const arg of field.args) {
        const refArg = ref[field.name].args.find((a) => a.name === arg.name)!;
        if (JSON.stringify(refArg.defaultValue) !== JSON.stringify(arg.defaultValue)) differing.push(`${field.name}(${arg.name})`);
      }
    }
    expect(differing).toEqual([]);
    expect(ours.plans.args.find((a) => a.name === 'paging')!.defaultValue).toEqual({ first: 10 });
  });

  test('every type definition in reference/stigg has a "# source:" comment directly above it (reference/stigg/README.md, conventions)', () => {
    const missing: string[] = [];
    const dir = stiggReferenceDir();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
      const lines = readFileSync(join(dir, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const m = /^(type|input|enum|union|scalar|interface)\s+(\w+)/.exec(line);
        if (!m || (file === 'roots.graphql' && (m[2] === 'Query' || m[2] === 'Mutation'))) return;
        const block: string[] = [];
        for (let j = i - 1; j >= 0 && lines[j].startsWith('#'); j--) block.push(lines[j]);
        if (!block.some((l) => l.startsWith('# source:'))) missing.push(`${file}: ${m[1]} ${m[2]}`);
      });
    }
    expect(missing).toEqual([]);
  });
});

describe('a request real Stigg would refuse is refused (HTTP 400, REFERENCE_REFUSAL)', () => {
  test.each([
    ['creditEntitlements on getSubscription (not a field of CustomerSubscription)', '{ getSubscription(input: { subscriptionId: "x" }) { subscriptionId creditEntitlements { amount } } }'],
    ['a paged customCurrencies (a plain list with an input, no paging)', '{ customCurrencies(paging: { first: 5 }) { edges { node { currencyId } } } }'],
    ['price in a credit entitlement input', 'mutation { provisionSubscriptionV2(input: { customerId: "c", planId: "p", entitlements: [{ credit: { customCurrencyId: "x", amount: 1, cadence: MONTH, price: { amount: 1 } } }] }) { status } }'],
    ['the invented MoneyInputDto type', 'mutation($m: MoneyInputDto) { createCreditGrant(input: { customerId: "c", currencyId: "x", grantType: PAID, displayName: "d", amount: 1, cost: $m }) { grantId } }'],
    ['RECURRING as a CreditGrantTypeInput', 'mutation { createCreditGrant(input: { customerId: "c", currencyId: "x", grantType: RECURRING, displayName: "d", amount: 1 }) { grantId } }'],
  ])('%s', async (_name, query) => {
    const r = await rawGraphQL(h.emulator, query);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].message.startsWith(REFERENCE_REFUSAL)).toBe(true);
    expect(r.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('variables that do not coerce to the reference\'s types: currency HUF is not a Stigg Currency (docs: Currency)', async () => {
    const r = await rawGraphQL(
      h.emulator,
      'mutation($input: CreditGrantInput!) { createCreditGrant(input: $input) { grantId } }',
      { input: { customerId: 'customer-initech', currencyId: 'cred-type-test', grantType: 'PAID', displayName: 'd', amount: 1, cost: { amount: 1, currency: 'HUF' } } },
    );
    expect(r.status).toBe(400);
    expect(r.json.errors[0].message.startsWith(REFERENCE_REFUSAL)).toBe(true);
    expect(r.json.errors[0].message).toContain('HUF');
    expect(r.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  test('a field Stigg has but the sandbox does not serve fails the emulator\'s own validation, without REFERENCE_REFUSAL', async () => {
    const r = await rawGraphQL(h.emulator, '{ plans { edges { node { refId awsMarketplacePlanDimension } } } }');
    expect(r.status).toBe(400);
    expect(r.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.json.errors[0].message.startsWith(REFERENCE_REFUSAL)).toBe(false);
  });
});

describe('what clients send validates against the reference', () => {
  test('every document (and its variables) the Stigg SDK 3.95.0 sends for the methods the gateway uses is valid against reference/stigg, checked apart from the emulator', async () => {
    h.recorded.length = 0;
    const withRemoteConfig = h.newClient({ enableRemoteConfig: true });
    await withRemoteConfig.waitForInitialization();
    const c = h.client;
    const customerId = uniqueId('customer');
    await c.provisionCustomer({ customerId, name: 'Docs', email: 'docs@example.test', subscriptionParams: { planId: 'plan-free' } });
    await c.getCustomer(customerId);
    await c.updateCustomer({ customerId, name: 'Docs 2', salesforceId: '001Dn00000000DOCAA' });
    const noCard = await newCustomer(c);
    await c.provisionSubscription({ customerId: noCard, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly, skipTrial: true });
    const sub = await c.provisionSubscription({
      id: uniqueId('sub'),
      customerId,
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Annually,
      paymentCollectionMethod: PaymentCollectionMethod.Invoice,
      billableFeatures: [{ featureId: 'feature-seats', quantity: 2 }],
      addons: [{ addonId: 'addon-sso', quantity: 1 }],
      priceOverrides: [{ baseCharge: true, price: { amount: 4000 } }],
      trialOverrideConfiguration: { isTrial: false },
      salesforceId: '006Dn00000000DOCAA',
    });
    await c.getSubscription({ subscriptionId: sub.subscription!.id });
    await c.getSubscriptions({ customerId, status: ['ACTIVE' as never] });
    const grant = await c.grantCredits({ customerId, currencyId: 'cred-type-test', amount: 10, displayName: 'Docs', grantType: CreditGrantType.Promotional });
    await c.getCreditGrants({ customerId });
    await c.getCreditBalance({ customerId });
    await c.voidCreditGrant({ id: grant!.grantId });
    await c.getProducts();

    expect([...new Set(h.recorded.flatMap((r) => r.operations))].sort()).toEqual(
      ['sdkConfiguration', 'provisionCustomer', 'getCustomerByRefId', 'updateOneCustomer', 'provisionSubscriptionV2', 'getSubscription', 'subscriptions',
        'createCreditGrant', 'creditGrants', 'creditBalanceSummary', 'voidCreditGrant', 'products'].sort(),
    );
    const reference = stiggReferenceSchema();
    for (const r of h.recorded) {
      expect({ operation: r.operationName, errors: conformance(reference, r.query, r.variables, r.operationName) }).toEqual({ operation: r.operationName, errors: [] });
      // and the emulator serves every field of it
      expect({ operation: r.operationName, errors: conformance(stiggSchema(), r.query, r.variables, r.operationName) }).toEqual({ operation: r.operationName, errors: [] });
    }
  });

  test('every document the gateway will send (the lead\'s list) is valid against reference/stigg and served by the emulator', () => {
    for (const d of gatewayDocuments()) {
      expect({ name: d.name, errors: conformance(stiggReferenceSchema(), d.document, d.variables) }).toEqual({ name: d.name, errors: [] });
      expect({ name: d.name, errors: conformance(stiggSchema(), d.document, d.variables) }).toEqual({ name: d.name, errors: [] });
    }
  });
});
