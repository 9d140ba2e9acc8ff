/**
 * Helpers of the provisioning and credits API suites: GraphQL documents, a real
 * jsforce connection to the Salesforce emulator, deals created through it, the
 * emulators' mutation counters and what the Stigg emulator holds for an
 * opportunity. Everything goes over HTTP or reads the emulators' stores; nothing
 * of the gateway is mocked.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import * as jsforce from 'jsforce';
import { GraphqlResult, TestStack } from './test-stack';

export const OPP = {
  acme: '006Dn0000000001IAA',
  globex: '006Dn0000000002IAA',
  initech: '006Dn0000000003IAA',
  umbrella: '006Dn0000000004IAA',
  wayne: '006Dn0000000005IAA',
  acmeProspecting: '006Dn0000000006IAA',
  starkLost: '006Dn0000000007IAA',
  hooli: '006Dn0000000008IAA',
  starkUnknownSku: '006Dn0000000009IAA',
  globexServicesOnly: '006Dn0000000010IAA',
  acmeTwoPlans: '006Dn0000000011IAA',
  umbrellaLegacySku: '006Dn0000000012IAA',
  /** Amendments of the seed (after the first deal): each names the subscription of the deal it changes. */
  initechUpsell: '006Dn0000000013IAA',
  hooliDowngrade: '006Dn0000000014IAA',
  acmeRenewal: '006Dn0000000015IAA',
  globexRenewal: '006Dn0000000016IAA',
  umbrellaLostRenewal: '006Dn0000000017IAA',
} as const;

export const ACCOUNT = {
  acme: '001Dn0000000001IAA',
  globex: '001Dn0000000002IAA',
  initech: '001Dn0000000003IAA',
  umbrella: '001Dn0000000004IAA',
  hooli: '001Dn0000000005IAA',
  wayne: '001Dn0000000007IAA',
} as const;

/** Price book entries of the seed (standard price book, USD). */
export const ENTRY = {
  freePlan: '01uDn0000000001IAA',
  growthPlan: '01uDn0000000002IAA',
  enterprisePlan: '01uDn0000000003IAA',
  ssoAddon: '01uDn0000000004IAA',
  seats: '01uDn0000000005IAA',
  apiCalls: '01uDn0000000006IAA',
  apiCredits: '01uDn0000000008IAA',
  services: '01uDn0000000013IAA',
} as const;

export const PLAN_FIELDS = `opportunityId kind customerId customerName billingEmail subscriptionId planId billingPeriod
  paymentCollectionMethod isTrial trialEndDate trialEndBehavior resourceId unitQuantity
  addons { addonId quantity } billableFeatures { featureId quantity } entitlements { featureId usageLimit hasUnlimitedUsage }
  creditEntitlements { currencyId amount cadence price { amount currency } }
  priceOverrides { baseCharge featureId addonId currencyId price { amount currency } } warnings`;

export const RUN_FIELDS = `id kind opportunityId status customerId subscriptionId checkoutUrl effectiveAt requestedBy createdAt updatedAt
  error { code message step } steps { name status startedAt finishedAt error { code message step } }
  plan { ${PLAN_FIELDS} }`;

export const PROVISION = `mutation Provision($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) { ${RUN_FIELDS} } }`;
export const START_TRIAL = `mutation StartTrial($input: StartTrialInput!) { startTrial(input: $input) { ${RUN_FIELDS} } }`;
export const PREVIEW = `query Preview($input: ProvisionOpportunityInput!) { previewProvisioning(input: $input) { ${PLAN_FIELDS} } }`;
export const SUBSCRIPTION = `query Sub($id: ID!) { subscription(id: $id) { id status customerId planId isTrial trialEndDate trialEndBehavior
  salesforceId checkoutUrl billingPeriod paymentCollectionMethod unitQuantity
  addons { addonId quantity } billableFeatures { featureId quantity } entitlements { featureId usageLimit }
  creditEntitlements { currencyId amount cadence price { amount currency } }
  priceOverrides { baseCharge featureId addonId currencyId price { amount currency } }
  cancellationDate scheduledChanges { effectiveAt description } } }`;

export type Json = any;

export interface GqlError { message: string; extensions?: Record<string, unknown> }

/** The run of a provisionOpportunity/startTrial answer, failing the test on GraphQL errors. */
export function runOf(result: GraphqlResult<Json>, field: 'provisionOpportunity' | 'startTrial' = 'provisionOpportunity'): Json {
  if (result.body.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.body.errors)}`);
  return result.body.data[field];
}

/** The single GraphQL error of an answer (the test fails when there is none). */
export function errorOf(result: GraphqlResult<Json>): GqlError {
  const errors = result.body.errors ?? [];
  if (errors.length !== 1) throw new Error(`expected one GraphQL error, got ${JSON.stringify(result.body)}`);
  return errors[0] as GqlError;
}

export async function provision(stack: TestStack, input: Record<string, unknown>): Promise<Json> {
  return runOf(await stack.graphql(PROVISION, { input }));
}

export async function startTrial(stack: TestStack, input: Record<string, unknown>): Promise<Json> {
  return runOf(await stack.graphql(START_TRIAL, { input }), 'startTrial');
}

export async function subscription(stack: TestStack, id: string): Promise<Json> {
  const result = await stack.graphql<Json>(SUBSCRIPTION, { id });
  if (result.body.errors?.length) throw new Error(JSON.stringify(result.body.errors));
  return result.body.data.subscription;
}

/** POST to one of the emulator's /__sandbox endpoints; throws unless 2xx. */
export async function sandboxPost(baseUrl: string, path: string): Promise<Json> {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST' });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} -> ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A real jsforce connection to the Salesforce emulator (the development access token). */
export function salesforce(stack: TestStack): jsforce.Connection {
  const d = stack.sandbox.describe().salesforce;
  return new jsforce.Connection({ instanceUrl: d.instanceUrl, accessToken: d.accessToken, version: d.apiVersion });
}

/** The Stigg ids and status written back on the opportunity and its account, read through jsforce. */
export async function writtenBack(conn: jsforce.Connection, opportunityId: string): Promise<{
  subscriptionId: string | null; status: string | null; customerId: string | null;
}> {
  const { records } = await conn.query<Json>(
    `SELECT Stigg_Subscription_Id__c, Stigg_Provisioning_Status__c, Account.Stigg_Customer_Id__c FROM Opportunity WHERE Id = '${opportunityId}'`);
  const opp = records[0];
  return {
    subscriptionId: opp.Stigg_Subscription_Id__c ?? null,
    status: opp.Stigg_Provisioning_Status__c ?? null,
    customerId: opp.Account?.Stigg_Customer_Id__c ?? null,
  };
}

export interface DealLine { entry: string; quantity: number; unitPrice: number; discount?: number }

/** A Closed Won opportunity made through jsforce: a new account (or a given one), a contact, the lines. */
export async function createDeal(conn: jsforce.Connection, options: {
  name: string; accountId?: string; contactEmail?: string | null; lines: DealLine[]; stageName?: string;
}): Promise<{ opportunityId: string; accountId: string; contactId: string | null }> {
  const one = (r: Json): string => {
    if (!r.success) throw new Error(`create failed: ${JSON.stringify(r)}`);
    return r.id;
  };
  const accountId = options.accountId ?? one(await conn.sobject('Account').create({ Name: options.name, CurrencyIsoCode: 'USD' }));
  let contactId: string | null = null;
  if (options.contactEmail !== null) {
    contactId = one(await conn.sobject('Contact').create({
      AccountId: accountId, LastName: `${options.name} buyer`, Email: options.contactEmail ?? `buyer@${options.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`,
    }));
  }
  const opportunityId = one(await conn.sobject('Opportunity').create({
    AccountId: accountId, Name: `${options.name} deal`, StageName: options.stageName ?? 'Closed Won', CloseDate: '2026-03-01',
    Pricebook2Id: '01sDn0000000001IAA', CurrencyIsoCode: 'USD',
  }));
  for (const line of options.lines) {
    one(await conn.sobject('OpportunityLineItem').create({
      OpportunityId: opportunityId, PricebookEntryId: line.entry, Quantity: line.quantity, UnitPrice: line.unitPrice,
      ...(line.discount ? { Discount: line.discount } : {}),
    }));
  }
  if (contactId) {
    one(await conn.sobject('OpportunityContactRole').create({ OpportunityId: opportunityId, ContactId: contactId, Role: 'Economic Buyer', IsPrimary: true }));
  }
  return { opportunityId, accountId, contactId };
}

/** A Growth deal (plan + 5 seats) on a new account with a contact. */
export function growthDeal(conn: jsforce.Connection, name: string): Promise<{ opportunityId: string; accountId: string; contactId: string | null }> {
  return createDeal(conn, { name, lines: [{ entry: ENTRY.growthPlan, quantity: 1, unitPrice: 480 }, { entry: ENTRY.seats, quantity: 5, unitPrice: 20 }] });
}

/** Write operations of the Stigg emulator (root field names). */
export const STIGG_MUTATIONS = [
  'provisionCustomer', 'updateOneCustomer', 'provisionSubscriptionV2', 'createCreditGrant', 'voidCreditGrant',
  'updateOneSubscription', 'cancelSubscription', 'cancelSchedule',
] as const;
/** Write operations of the Salesforce emulator. */
export const SALESFORCE_WRITES = [
  'create', 'update', 'upsert', 'delete', 'collectionCreate', 'collectionUpdate', 'collectionDelete', 'collectionUpsert',
] as const;

/** Every write either emulator counted since its counters were last reset (zero counts left out). */
export function writesCounted(stack: TestStack): Record<string, number> {
  const stigg = stack.sandbox.stigg.counters.snapshot();
  const sf = stack.sandbox.salesforce.counters.snapshot();
  const out: Record<string, number> = {};
  for (const op of STIGG_MUTATIONS) if (stigg[op]) out[`stigg.${op}`] = stigg[op];
  for (const op of SALESFORCE_WRITES) if (sf[op]) out[`salesforce.${op}`] = sf[op];
  return out;
}

/** Every request either emulator counted (zero counts left out). */
export function requestsCounted(stack: TestStack): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [op, n] of Object.entries(stack.sandbox.stigg.counters.snapshot())) if (n) out[`stigg.${op}`] = n;
  for (const [op, n] of Object.entries(stack.sandbox.salesforce.counters.snapshot())) if (n) out[`salesforce.${op}`] = n;
  return out;
}

export function resetCounters(stack: TestStack): void {
  stack.sandbox.stigg.counters.reset();
  stack.sandbox.salesforce.counters.reset();
}

/** What the Stigg emulator holds for an opportunity: its subscriptions (any status) and the customer's grants. */
export function stiggState(stack: TestStack, opportunityId: string) {
  const store = stack.sandbox.stigg.store;
  const subscriptions = [...store.subscriptions.values()].filter((s) => s.salesforceId === opportunityId);
  return {
    subscriptions,
    live: subscriptions.filter((s) => !['CANCELED', 'EXPIRED'].includes(s.status)),
  };
}

export function customersOfAccount(stack: TestStack, accountId: string) {
  return [...stack.sandbox.stigg.store.customers.values()].filter((c) => c.salesforceId === accountId);
}

export function grantsOf(stack: TestStack, customerId: string) {
  return [...stack.sandbox.stigg.store.creditGrants.values()].filter((g) => g.customerId === customerId);
}

/** The customer's balance in a currency, read from the emulator (active grants, not voided or expired). */
export function balanceOf(stack: TestStack, customerId: string, currencyId: string): number {
  const balances = stack.sandbox.stigg.store.creditBalances(customerId, { currencyId });
  return balances.filter((b) => b.resourceId === null).find((b) => b.currency.currencyId === currencyId)?.currentBalance ?? 0;
}

/** A request the hook server received. */
export interface HookCall {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Json;
  signatureValid: boolean;
  at: number;
}

export interface HookAnswer { status?: number; body?: unknown; delayMs?: number }

/**
 * The customer's own application: a small HTTP server that checks each call's
 * HMAC signature and answers what the test says (`respond`), by default 200
 * with `{customerId, resourceId}` from `ids`.
 */
export class HookServer {
  readonly calls: HookCall[] = [];
  respond: (call: HookCall, attempt: number) => HookAnswer = () => ({ status: 200, body: {} });
  private server: http.Server | null = null;
  url = '';

  constructor(readonly secret: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const timestamp = String(req.headers['x-signature-timestamp'] ?? '');
        const expected = `sha256=${createHmac('sha256', this.secret).update(`${timestamp}.${body}`).digest('hex')}`;
        let json: Json = null;
        try { json = JSON.parse(body); } catch { json = null; }
        const call: HookCall = { headers: req.headers, body, json, signatureValid: req.headers['x-signature'] === expected, at: Date.now() };
        this.calls.push(call);
        const sameKey = this.calls.filter((c) => c.headers['idempotency-key'] === req.headers['idempotency-key']).length;
        const answer = call.signatureValid ? this.respond(call, sameKey) : { status: 401, body: { error: 'bad signature' } };
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
          res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
        else send();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/provision`;
    return this;
  }

  callsFor(runId: string): HookCall[] {
    return this.calls.filter((c) => c.headers['idempotency-key'] === runId);
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
