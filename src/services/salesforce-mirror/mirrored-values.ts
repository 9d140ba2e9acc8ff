import { SalesforceMirrorFieldNames } from '../../config/gateway-config';
import { CreditBalance, Subscription } from '../../domain/stigg-entities';

/**
 * What Salesforce should say, given Stigg's state: pure functions, no I/O.
 *
 * A value is a string, a number or null (null clears the field). Dates are ISO-8601 UTC strings
 * (`toISOString()`); `sameMirroredValue` compares them as instants, since Salesforce answers a
 * datetime as `2026-01-01T00:00:00.000+0000`.
 */
export type MirroredValue = string | number | null;
/** Salesforce field API name -> the value Stigg's state gives it. */
export type MirroredFields = Record<string, MirroredValue>;

/**
 * The opportunity's fields from its subscription (the one the link rule finds, src/services/links):
 * Stigg's status name (ACTIVE, IN_TRIAL, PAYMENT_PENDING, NOT_STARTED, CANCELED, EXPIRED), the plan id,
 * the trial end and the cancellation date. No subscription: every field null (the opportunity has none).
 * The payment failure fields are not state: only a customer.payment_failed event writes them.
 */
export function opportunityMirrorOf(subscription: Subscription | null, fields: SalesforceMirrorFieldNames): MirroredFields {
  return {
    [fields.subscriptionStatus]: subscription?.status ?? null,
    [fields.plan]: subscription?.planId ?? null,
    [fields.trialEnd]: isoOrNull(subscription?.trialEndDate ?? null),
    [fields.cancellationDate]: isoOrNull(subscription?.cancellationDate ?? null),
  };
}

/**
 * The account's credit balance per configured custom currency (SF_CREDIT_BALANCE_FIELDS): the
 * customer's current balance of that currency; null when the customer holds none of it (or the
 * account has no customer). Nothing when no currency is configured.
 */
export function accountMirrorOf(balances: readonly CreditBalance[] | null, fields: SalesforceMirrorFieldNames): MirroredFields {
  const mirrored: MirroredFields = {};
  for (const { currencyId, field } of fields.creditBalances) {
    const balance = balances?.find((b) => b.currencyId === currencyId);
    mirrored[field] = balance ? balance.currentBalance : null;
  }
  return mirrored;
}

/** The Salesforce field names the opportunity mirror writes (for reading them back). */
export function opportunityMirrorFieldNames(fields: SalesforceMirrorFieldNames): string[] {
  return [fields.subscriptionStatus, fields.plan, fields.trialEnd, fields.cancellationDate];
}

/** The Salesforce field names the account mirror writes; empty when no currency is configured. */
export function accountMirrorFieldNames(fields: SalesforceMirrorFieldNames): string[] {
  return fields.creditBalances.map((c) => c.field);
}

/**
 * The fields of `desired` whose value differs from `current` (a field `current` lacks differs).
 * Field names compare case-insensitively (SOQL answers with the describe's spelling).
 */
export function changedFields(current: Record<string, unknown>, desired: MirroredFields): MirroredFields {
  const byLowerName = new Map(Object.entries(current).map(([k, v]) => [k.toLowerCase(), v]));
  const changed: MirroredFields = {};
  for (const [field, value] of Object.entries(desired)) {
    const key = field.toLowerCase();
    if (!byLowerName.has(key) || !sameMirroredValue(byLowerName.get(key), value)) changed[field] = value;
  }
  return changed;
}

/** Equal as Salesforce holds them: null/undefined/'' alike, numbers by value, date-times as instants. */
export function sameMirroredValue(current: unknown, desired: MirroredValue): boolean {
  const a = current === undefined || current === '' ? null : current;
  if (a === null || desired === null) return a === desired;
  if (typeof desired === 'number') return Number(a) === desired;
  if (a === desired) return true;
  const instantA = isoInstant(String(a));
  const instantB = isoInstant(desired);
  return instantA !== null && instantA === instantB;
}

function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** Milliseconds of an ISO-8601 date-time (Salesforce's `+0000` offset included); null for any other text. */
function isoInstant(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return null;
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? null : ms;
}
