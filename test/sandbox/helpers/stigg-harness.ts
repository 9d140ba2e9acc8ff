import { randomBytes } from 'node:crypto';
import { LogLevel, Stigg } from '@stigg/node-server-sdk';
import { RecordedGraphQLRequest, startStiggEmulator, StiggEmulator } from '../../../src/sandbox/stigg/stigg-emulator';
import { StiggOperations } from '../../../src/services/stigg/operations';
import {
  buildCreditEntitlementsQuery, buildCreditGrantsQuery, buildStiggLookupQuery, CATALOG, CATALOG_LISTS, CatalogList, catalogPageVariables,
  CANCEL_SCHEDULE, CANCEL_SUBSCRIPTION, CREATE_CREDIT_GRANT, LIVE_SUBSCRIPTION_STATUSES, PREVIEW_SUBSCRIPTION, PROVISION_SUBSCRIPTION_WITH_ENTITLEMENTS,
  StiggLookupIds, StiggLookupKind, UPDATE_SUBSCRIPTION,
} from '../../../src/services/stigg/operations';
import { VOID_CREDIT_GRANT } from '../../../src/services/stigg/operations/create-credit-grant';
import { LIVE_SUBSCRIPTIONS_PAGE, liveSubscriptionsPageVariables } from '../../../src/services/stigg/operations/live-subscriptions-page';
import { SUBSCRIPTION_FIELDS } from '../../../src/services/stigg/operations/fragments';

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
 * The documents the gateway sends to Stigg, taken from the gateway's own operations
 * (src/services/stigg/operations), in the shapes these suites call them with.
 * --------------------------------------------------------------------------------------------- */

export const GATEWAY_CATALOG = CATALOG;

/** Variables of a CATALOG request: every list from its first page, or the lists `after` names from those cursors. */
export function catalogVariables(first: number, after: Partial<Record<CatalogList, string | null>> = {}, withCustomCurrencies = true): Record<string, unknown> {
  const lists = Object.keys(after).length === 0 ? CATALOG_LISTS : (Object.keys(after) as CatalogList[]);
  return catalogPageVariables(first, new Map(lists.map((l) => [l, after[l] ?? null])), withCustomCurrencies);
}

export type LookupKind = StiggLookupKind;
export const LIVE_STATUSES = [...LIVE_SUBSCRIPTION_STATUSES];

/** The gateway's aliased lookups: customers and subscriptions by any kind of key, in one document, `first` items a page. */
export function lookupsDocument(ids: StiggLookupIds, first = 10, after: Partial<Record<string, string>> = {}) {
  const q = buildStiggLookupQuery(ids, first, after)!;
  for (const { alias } of q.fields) (q.variables[`${alias}Paging`] as { first: number }).first = first;
  return { document: q.document, variables: q.variables };
}

/** getSubscription with the selection the gateway reads of a subscription. */
export const GATEWAY_GET_SUBSCRIPTION = `
query GetSubscription($input: GetSubscriptionInput!) { getSubscription(input: $input) { ...GatewaySubscriptionFields } }
${SUBSCRIPTION_FIELDS}`;

export const GATEWAY_PROVISION_SUBSCRIPTION = PROVISION_SUBSCRIPTION_WITH_ENTITLEMENTS;

/** One aliased entitlementV2 per (customer, currency): b<i>_<j>. */
export function creditEntitlementsDocument(customerIds: string[], currencyIds: string[]) {
  const q = buildCreditEntitlementsQuery(customerIds, currencyIds)!;
  return { document: q.document, variables: q.variables };
}

export const GATEWAY_CREATE_CREDIT_GRANT = CREATE_CREDIT_GRANT;
export const GATEWAY_VOID_CREDIT_GRANT = VOID_CREDIT_GRANT;

/** One aliased creditGrants per customer: c<i>, each from `after`. */
export function creditGrantsDocument(customerIds: string[], options: { currencyId?: string; resourceId?: string; first?: number; after?: string | null } = {}) {
  const q = buildCreditGrantsQuery(customerIds.map((customerId) => ({ customerId, after: options.after ?? null })),
    { currencyId: options.currencyId, resourceId: options.resourceId, first: options.first ?? 100 });
  return { document: q.document, variables: q.variables };
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
    {
      name: 'updateOneSubscription',
      document: UPDATE_SUBSCRIPTION,
      variables: {
        input: {
          subscriptionId: 's', unitQuantity: 2, billingPeriod: 'ANNUALLY', addons: [{ addonId: 'addon-sso', quantity: 1 }],
          billableFeatures: [{ featureId: 'feature-seats', quantity: 10 }],
          entitlements: [{ feature: { featureId: 'feature-seats', usageLimit: 5 } }, { credit: { customCurrencyId: 'currency-api-credits', amount: 100, cadence: 'MONTH' } }],
          priceOverrides: [{ baseCharge: true, price: { amount: 1, currency: 'USD' } }], scheduleStrategy: 'END_OF_BILLING_PERIOD', additionalMetaData: { k: 'v' },
        },
      },
    },
    { name: 'cancelSubscription', document: CANCEL_SUBSCRIPTION, variables: { input: { subscriptionRefId: 's', subscriptionCancellationTime: 'SPECIFIC_DATE', endDate: '2030-01-01T00:00:00.000Z' } } },
    {
      name: 'previewSubscription',
      document: PREVIEW_SUBSCRIPTION,
      variables: {
        input: {
          customerId: 'a', planId: 'plan-growth', resourceId: 'r', billingPeriod: 'MONTHLY', unitQuantity: 1, addons: [{ addonId: 'addon-sso' }],
          billableFeatures: [{ featureId: 'feature-seats', quantity: 3 }], scheduleStrategy: 'IMMEDIATE',
        },
      },
    },
    { name: 'cancelSchedule', document: CANCEL_SCHEDULE, variables: { input: { subscriptionId: 's' } } },
    {
      name: 'liveSubscriptionsPage',
      document: LIVE_SUBSCRIPTIONS_PAGE,
      variables: liveSubscriptionsPageVariables({ afterId: 's', first: 200, account: { salesforceIds: ['001Dn0000000001IAA', '001Dn0000000001I'], customerIds: ['a'] } }),
    },
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
