import { RETRY_DELAYS_MS, isRetryableCode, retryDelayAfter } from '../../src/services/automation/retry-schedule';
import { attentionNotice } from '../../src/services/automation/attention-notice';
import { loadConfig } from '../../src/config/load-config';

describe('automatic retries', () => {
  it('wait 1 min, 5 min, 30 min, 2 h and 12 h after attempts 1 to 5; after the sixth there is none', () => {
    expect(RETRY_DELAYS_MS).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 43_200_000]);
    expect([1, 2, 3, 4, 5, 6].map(retryDelayAfter)).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 43_200_000, null]);
  });

  it('retry only what may pass by itself: an upstream down, timing out or rate limiting', () => {
    expect(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_RATE_LIMITED', 'REQUEST_TIMEOUT'].every(isRetryableCode)).toBe(true);
    expect(['UPSTREAM_REJECTED', 'PLAN_MISSING', 'HOOK_FAILED', null].some(isRetryableCode)).toBe(false);
  });

  it("Salesforce's error field gets the code and a sentence for sales ops, within 255 characters", () => {
    expect(attentionNotice('PLAN_MISSING')).toMatch(/^PLAN_MISSING: No line item is a Stigg plan/);
    expect(attentionNotice('SOMETHING_NEW')).toMatch(/^SOMETHING_NEW: Provisioning could not finish automatically/);
    expect(attentionNotice('X'.repeat(300)).length).toBe(255);
  });
});

describe('automation configuration', () => {
  it('defaults: off, Salesforce\'s Pub/Sub endpoint, the Opportunity CDC channel, NONE, 15 minutes, the two fields', () => {
    expect(loadConfig({}).automation).toEqual({
      mode: 'off', pubsubEndpoint: 'api.pubsub.salesforce.com:7443', topic: '/data/OpportunityChangeEvent', defaultPaymentCollection: 'NONE',
      sweepIntervalMs: 900_000, leaderLeaseMs: 30_000,
      fields: { paymentCollection: 'Stigg_Payment_Collection__c', provisioningError: 'Stigg_Provisioning_Error__c' },
    });
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ AUTOMATION_MODE: 'on' })).toThrow(/AUTOMATION_MODE/);
    expect(() => loadConfig({ SALESFORCE_PUBSUB_ENDPOINT: 'https://api.pubsub.salesforce.com' })).toThrow(/SALESFORCE_PUBSUB_ENDPOINT/);
    expect(() => loadConfig({ AUTOMATION_TOPIC: 'OpportunityChangeEvent' })).toThrow(/AUTOMATION_TOPIC/);
    expect(() => loadConfig({ AUTOMATION_DEFAULT_PAYMENT_COLLECTION: 'CASH' })).toThrow(/AUTOMATION_DEFAULT_PAYMENT_COLLECTION/);
    expect(() => loadConfig({ AUTOMATION_SWEEP_INTERVAL_MS: '0' })).toThrow(/AUTOMATION_SWEEP_INTERVAL_MS/);
    expect(() => loadConfig({ SF_FIELD_PROVISIONING_ERROR: 'bad field' })).toThrow(/SF_FIELD_PROVISIONING_ERROR/);
  });

  it('takes a custom channel and a lower-case mode', () => {
    expect(loadConfig({ AUTOMATION_MODE: 'Provision', AUTOMATION_TOPIC: '/data/O2C__chn', AUTOMATION_DEFAULT_PAYMENT_COLLECTION: 'invoice' }).automation)
      .toMatchObject({ mode: 'provision', topic: '/data/O2C__chn', defaultPaymentCollection: 'INVOICE' });
  });
});
