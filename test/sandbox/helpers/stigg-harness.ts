import { randomBytes } from 'node:crypto';
import { LogLevel, Stigg } from '@stigg/node-server-sdk';
import { RecordedGraphQLRequest, startStiggEmulator, StiggEmulator } from '../../../src/sandbox/stigg/stigg-emulator';
import { StiggOperations } from '../../../src/services/stigg/operations';

/** An emulator on a free loopback port, a real SDK client and the gateway's operations sender. */
export interface StiggHarness {
  emulator: StiggEmulator;
  client: Stigg;
  ops: StiggOperations;
  /** every GraphQL request the emulator received, in order */
  recorded: RecordedGraphQLRequest[];
  /** another SDK client (closed by stop()) */
  newClient(overrides?: Partial<Parameters<typeof Stigg.initialize>[0]>): Stigg;
  stop(): Promise<void>;
}

/**
 * The SDK configuration the gateway needs against the sandbox: no WebSocket (realtime), no
 * GetSdkConfiguration call on start (remote config), no Edge API (it would go to port 3060 on
 * loopback). With these, `initialize` sends nothing at all.
 */
export function sdkOptions(emulator: StiggEmulator): Parameters<typeof Stigg.initialize>[0] {
  return {
    apiKey: emulator.apiKey,
    baseUri: emulator.url,
    realtimeUpdatesEnabled: false,
    enableRemoteConfig: false,
    enableEdge: false,
    logConfiguration: { logger: console, logLevel: LogLevel.NONE },
  };
}

export async function startStiggHarness(options: { seedDir?: string } = {}): Promise<StiggHarness> {
  const recorded: RecordedGraphQLRequest[] = [];
  const emulator = await startStiggEmulator({ host: '127.0.0.1', port: 0, seedDir: options.seedDir, onRequest: (r) => recorded.push(r) });
  const clients: Stigg[] = [];
  const newClient = (overrides: Partial<Parameters<typeof Stigg.initialize>[0]> = {}) => {
    const c = Stigg.initialize({ ...sdkOptions(emulator), ...overrides });
    clients.push(c);
    return c;
  };
  const client = newClient();
  await client.waitForInitialization();
  const ops = new StiggOperations({ apiKey: emulator.apiKey, baseUri: emulator.url, timeoutMs: 5_000 });
  return {
    emulator,
    client,
    ops,
    recorded,
    newClient,
    stop: async () => {
      for (const c of clients) await c.close();
      await emulator.stop();
    },
  };
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A raw POST /graphql (for error shapes the clients hide). */
export async function rawGraphQL(
  emulator: StiggEmulator,
  query: string,
  variables: Record<string, unknown> = {},
  apiKey: string | null = emulator.apiKey,
): Promise<{ status: number; headers: Headers; text: string; json: any }> {
  const res = await fetch(`${emulator.url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(apiKey !== null ? { 'X-API-KEY': apiKey } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Provisions a customer through the SDK (no subscription) and returns its id. */
export async function newCustomer(
  client: Stigg,
  fields: { email?: string | null; name?: string; salesforceId?: string; withPaymentMethod?: boolean } = {},
): Promise<string> {
  const customerId = uniqueId('customer');
  await client.provisionCustomer({
    customerId,
    name: fields.name ?? `Customer ${customerId}`,
    email: fields.email === null ? undefined : fields.email ?? `${customerId}@example.test`,
    salesforceId: fields.salesforceId,
    billingInfo: fields.withPaymentMethod ? { paymentMethodId: 'pm_card_visa' } : undefined,
    subscriptionParams: null,
  });
  return customerId;
}

/** Rejects with the thrown error (for asserting on SDK errors: message and errorCode). */
export async function caught(promise: Promise<unknown>): Promise<Error & { errorCode?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { errorCode?: string };
  }
  throw new Error('expected the call to fail');
}

/* ------------------------------------------------------------------------------------------------
 * The documents the gateway sends to Stigg, written here as the lead's brief lists them (the
 * sandbox tests do not import the gateway's operations: they pin what the emulator must answer).
 * Each is valid against reference/stigg (stigg-conformance.test.ts checks it).
 * --------------------------------------------------------------------------------------------- */

export const CUSTOMER_SELECTION = `customerId name email salesforceId billingId hasPaymentMethod defaultPaymentMethodType defaultPaymentMethodLast4Digits additionalMetaData createdAt updatedAt`;

export const SUBSCRIPTION_SELECTION = `
  subscriptionId status pricingType billingPeriod
  customer { ${CUSTOMER_SELECTION} }
  resource { resourceId }
  plan { refId displayName product { refId } }
  addons { quantity addon { refId } }
  prices { usageLimit price { billingModel billingPeriod minUnitQuantity maxUnitQuantity price { amount currency } feature { refId } customCurrency { currencyId } } }
  totalPrice { total { amount currency } }
  entitlements {
    __typename
    ... on SubscriptionFeatureEntitlement { usageLimit hasUnlimitedUsage feature { refId } }
    ... on SubscriptionCreditEntitlement { customCurrencyId amount cadence }
  }
  startDate endDate cancellationDate trialEndDate currentBillingPeriodEnd
  trialConfiguration { trialEndBehavior }
  paymentCollection paymentCollectionMethod
  latestInvoice { status paymentUrl total currency }
  salesforceId additionalMetaData
  scheduledUpdates { subscriptionScheduleType scheduleStatus scheduledExecutionTime targetPackage { refId } }`;

const PRICE_SELECTION = `billingModel billingPeriod minUnitQuantity maxUnitQuantity price { amount currency } feature { refId } customCurrency { currencyId } creditGrantCadence`;
const PACKAGE_ENTITLEMENT_SELECTION = `usageLimit hasUnlimitedUsage resetPeriod feature { refId }`;

export const GATEWAY_CATALOG = `
query Catalog(
  $first: Int!
  $withPlans: Boolean!, $plansAfter: ConnectionCursor
  $withAddons: Boolean!, $addonsAfter: ConnectionCursor
  $withFeatures: Boolean!, $featuresAfter: ConnectionCursor
  $withProducts: Boolean!, $productsAfter: ConnectionCursor
  $withCustomCurrencies: Boolean!
) {
  plans(filter: { isLatest: { is: true }, status: { eq: PUBLISHED } }, paging: { first: $first, after: $plansAfter }) @include(if: $withPlans) {
    edges { node { refId displayName description pricingType product { refId } defaultTrialConfig { duration units trialEndBehavior }
      prices { ${PRICE_SELECTION} } entitlements { ${PACKAGE_ENTITLEMENT_SELECTION} } compatibleAddons { refId } } }
    pageInfo { hasNextPage endCursor }
  }
  addons(filter: { isLatest: { is: true }, status: { eq: PUBLISHED } }, paging: { first: $first, after: $addonsAfter }) @include(if: $withAddons) {
    edges { node { refId displayName description pricingType maxQuantity prices { ${PRICE_SELECTION} } entitlements { ${PACKAGE_ENTITLEMENT_SELECTION} } } }
    pageInfo { hasNextPage endCursor }
  }
  features(paging: { first: $first, after: $featuresAfter }) @include(if: $withFeatures) {
    edges { node { refId displayName description featureType meterType featureUnits featureUnitsPlural } }
    pageInfo { hasNextPage endCursor }
  }
  products(paging: { first: $first, after: $productsAfter }) @include(if: $withProducts) {
    edges { node { refId displayName description multipleSubscriptions } }
    pageInfo { hasNextPage endCursor }
  }
  customCurrencies @include(if: $withCustomCurrencies) { currencyId displayName symbol units { singular plural } }
}`;

/** Variables of the first GATEWAY_CATALOG request: every list from its first page. */
export function catalogVariables(first: number, after: Partial<Record<'plans' | 'addons' | 'features' | 'products', string | null>> = {}, withCustomCurrencies = true): Record<string, unknown> {
  const lists = ['plans', 'addons', 'features', 'products'] as const;
  const v: Record<string, unknown> = { first, withCustomCurrencies };
  for (const l of lists) {
    v[`with${l[0].toUpperCase()}${l.slice(1)}`] = after[l] !== undefined || Object.keys(after).length === 0;
    v[`${l}After`] = after[l] ?? null;
  }
  return v;
}

export type LookupKind = 'customersById' | 'customersBySalesforceId' | 'subscriptionsById' | 'subscriptionsBySalesforceId' | 'subscriptionsOfCustomers';
export const LIVE_STATUSES = ['ACTIVE', 'IN_TRIAL', 'PAYMENT_PENDING', 'NOT_STARTED'];

/** The gateway's aliased lookups: customers and subscriptions by any kind of key, in one document. */
export function lookupsDocument(ids: Partial<Record<LookupKind, string[]>>, first = 10, after: Partial<Record<LookupKind, string>> = {}) {
  const params: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const kind of Object.keys(ids) as LookupKind[]) {
    const subs = kind.startsWith('subscriptions');
    const list = ids[kind]!;
    variables[`${kind}Filter`] =
      kind === 'customersById' ? { customerId: { in: list } }
      : kind === 'customersBySalesforceId' ? { salesforceId: { in: list } }
      : kind === 'subscriptionsById' ? { subscriptionId: { in: list } }
      : kind === 'subscriptionsBySalesforceId' ? { salesforceId: { in: list } }
      : { customer: { customerId: { in: list } }, status: { in: LIVE_STATUSES } };
    variables[`${kind}Paging`] = { first, ...(after[kind] ? { after: after[kind] } : {}) };
    params.push(`$${kind}Filter: ${subs ? 'SubscriptionQueryFilter' : 'CustomerFilter'}!`, `$${kind}Paging: CursorPaging`);
    fields.push(`${kind}: ${subs ? 'subscriptions' : 'customers'}(filter: $${kind}Filter, paging: $${kind}Paging) {
      edges { node { ${subs ? SUBSCRIPTION_SELECTION : CUSTOMER_SELECTION} } } pageInfo { hasNextPage endCursor } }`);
  }
  return { document: `query GatewayLookups(${params.join(', ')}) {\n${fields.join('\n')}\n}`, variables };
}

export const GATEWAY_GET_SUBSCRIPTION = `
query GetSubscription($input: GetSubscriptionInput!) { getSubscription(input: $input) { ${SUBSCRIPTION_SELECTION} } }`;

export const GATEWAY_PROVISION_SUBSCRIPTION = `
mutation ProvisionSubscriptionWithEntitlements($input: ProvisionSubscriptionInput!) {
  provisionSubscriptionV2(input: $input) { status checkoutUrl checkoutBillingId isScheduled subscription { ${SUBSCRIPTION_SELECTION} } }
}`;

/** One aliased entitlementV2 per (customer, currency): b<i>_<j>. */
export function creditEntitlementsDocument(customerIds: string[], currencyIds: string[]) {
  const variables: Record<string, unknown> = {};
  customerIds.forEach((id, i) => { variables[`c${i}`] = id; });
  currencyIds.forEach((id, j) => { variables[`k${j}`] = id; });
  const params = [...customerIds.map((_, i) => `$c${i}: String!`), ...currencyIds.map((_, j) => `$k${j}: String`)].join(', ');
  const fields = customerIds.flatMap((_, i) => currencyIds.map((__, j) =>
    `b${i}_${j}: entitlementV2(query: { customerId: $c${i}, currencyId: $k${j} }) { __typename ... on CreditEntitlement { currency { currencyId } usageLimit currentUsage isGranted } }`));
  return { document: `query CreditEntitlementsOfCustomers(${params}) {\n${fields.join('\n')}\n}`, variables };
}

export const CREDIT_GRANT_SELECTION = `grantId displayName grantType status amount consumedAmount cost { amount currency } customerId resourceId currencyId effectiveAt expireAt voidedAt priority comment additionalMetaData createdAt paymentCollection`;

export const GATEWAY_CREATE_CREDIT_GRANT = `
mutation CreateCreditGrant($input: CreditGrantInput!) { createCreditGrant(input: $input) { ${CREDIT_GRANT_SELECTION} } }`;

export const GATEWAY_VOID_CREDIT_GRANT = `
mutation VoidCreditGrant($input: VoidCreditGrantInput!) { voidCreditGrant(input: $input) { ${CREDIT_GRANT_SELECTION} } }`;

/** One aliased creditGrants per customer: c<i>. */
export function creditGrantsDocument(customerIds: string[], options: { currencyId?: string | null; resourceId?: string | null; first?: number; after?: string | null } = {}) {
  const variables: Record<string, unknown> = { currencyId: options.currencyId ?? null, resourceId: options.resourceId ?? null, first: options.first ?? 100, after: options.after ?? null };
  customerIds.forEach((id, i) => { variables[`c${i}`] = id; });
  const fields = customerIds.map((_, i) => `c${i}: creditGrants(input: { customerId: $c${i}, currencyId: $currencyId, resourceId: $resourceId, paging: { first: $first, after: $after } }) {
    totalCount pageInfo { startCursor endCursor hasNextPage hasPreviousPage } edges { node { ${CREDIT_GRANT_SELECTION} } } }`);
  const params = customerIds.map((_, i) => `$c${i}: String!`).join(', ');
  return {
    document: `query CreditGrantsOfCustomers(${params}, $currencyId: String, $resourceId: String, $first: Int!, $after: ConnectionCursor) {\n${fields.join('\n')}\n}`,
    variables,
  };
}

/** Every gateway document (with sample variables), for the conformance test. */
export function gatewayDocuments(): Array<{ name: string; document: string; variables: Record<string, unknown> }> {
  const lookups = lookupsDocument({
    customersById: ['a'], customersBySalesforceId: ['001'], subscriptionsById: ['s'], subscriptionsBySalesforceId: ['006'], subscriptionsOfCustomers: ['a'],
  }, 10, { customersById: 'Y3Vyc29yOjk=' });
  const credits = creditEntitlementsDocument(['a', 'b'], ['currency-api-credits', 'cred-type-test']);
  const grants = creditGrantsDocument(['a', 'b'], { resourceId: 'r' });
  return [
    { name: 'catalog', document: GATEWAY_CATALOG, variables: catalogVariables(100) },
    { name: 'lookups', document: lookups.document, variables: lookups.variables },
    { name: 'getSubscription', document: GATEWAY_GET_SUBSCRIPTION, variables: { input: { subscriptionId: 's' } } },
    {
      name: 'provisionSubscriptionV2',
      document: GATEWAY_PROVISION_SUBSCRIPTION,
      variables: {
        input: {
          customerId: 'a', planId: 'plan-growth', subscriptionId: 's', resourceId: null, billingPeriod: 'MONTHLY', unitQuantity: 1,
          addons: [{ addonId: 'addon-sso', quantity: 1 }], billableFeatures: [{ featureId: 'feature-seats', quantity: 3 }],
          entitlements: [
            { feature: { featureId: 'feature-seats', usageLimit: 5 } },
            { credit: { customCurrencyId: 'currency-api-credits', amount: 100, cadence: 'MONTH', hasSoftLimit: false } },
          ],
          priceOverrides: [{ baseCharge: true, price: { amount: 1, currency: 'USD' } }, { currencyId: 'currency-api-credits', price: { amount: 0.02, currency: 'USD' } }],
          paymentCollectionMethod: 'INVOICE', skipTrial: true, trialOverrideConfiguration: { isTrial: false },
          salesforceId: '006', additionalMetaData: { k: 'v' },
        },
      },
    },
    { name: 'creditEntitlements', document: credits.document, variables: credits.variables },
    {
      name: 'createCreditGrant',
      document: GATEWAY_CREATE_CREDIT_GRANT,
      variables: {
        input: {
          customerId: 'a', currencyId: 'cred-type-test', grantType: 'PAID', displayName: 'x', amount: 1, cost: { amount: 1, currency: 'USD' },
          paymentCollectionMethod: 'INVOICE', awaitPaymentConfirmation: false, effectiveAt: '2030-01-01T00:00:00.000Z', expireAt: '2031-01-01T00:00:00.000Z',
          priority: 10, comment: 'c', resourceId: 'r', additionalMetaData: { idempotencyKey: 'k' },
        },
      },
    },
    { name: 'voidCreditGrant', document: GATEWAY_VOID_CREDIT_GRANT, variables: { input: { id: 'grant-x' } } },
    { name: 'creditGrants', document: grants.document, variables: grants.variables },
  ];
}

/** POST /graphql and return `data`, or throw an Error carrying the first error's code (like the SDK's errorCode). */
export async function gql<T = any>(emulator: StiggEmulator, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await rawGraphQL(emulator, query, variables);
  if (r.json?.errors?.length) {
    const e = r.json.errors[0];
    throw Object.assign(new Error(e.message), { errorCode: e.extensions?.code as string, status: r.status, errors: r.json.errors, data: r.json.data });
  }
  if (r.status !== 200) throw Object.assign(new Error(`HTTP ${r.status}: ${r.text}`), { status: r.status });
  return r.json.data as T;
}
