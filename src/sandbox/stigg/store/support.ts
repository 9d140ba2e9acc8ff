/** Small helpers shared by the store's aggregates: ids, dates, money, lookups. */
import { createHash, randomBytes } from 'node:crypto';
import { StiggErrorCode, stiggError } from '../errors';
import type { BillingPeriod, CreditCadence, PaymentMethodRec, SubscriptionStatus } from './records';

export const ENDED: SubscriptionStatus[] = ['CANCELED', 'EXPIRED'];

/** The store's time source (ISO timestamps). */
export interface Clock {
  now(): string;
}

/** A UUID-shaped id derived from a name, so catalog ids stay the same across restarts. */
export function stableUuid(kind: string, name: string): string {
  const h = createHash('sha1').update(`${kind}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function shortId(): string {
  return randomBytes(6).toString('hex');
}

export function addPeriod(iso: string, period: BillingPeriod | CreditCadence, count = 1): string {
  const d = new Date(iso);
  if (period === 'ANNUALLY' || period === 'YEAR') d.setUTCFullYear(d.getUTCFullYear() + count);
  else d.setUTCMonth(d.getUTCMonth() + count);
  return d.toISOString();
}

export function addDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * 86_400_000).toISOString();
}

/** An ISO timestamp from a DateTime input, or Stigg's invalid-argument error. */
export function toIso(value: string, field: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw stiggError('InvalidArgumentError', `${field} is not a valid date: ${value}`);
  return d.toISOString();
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function sandboxCard(): PaymentMethodRec {
  return { type: 'CARD', last4Digits: '4242', expirationMonth: 12, expirationYear: new Date().getUTCFullYear() + 3 };
}

/** The record with this id, or Stigg's not-found error for its kind (e.g. CustomerNotFound). */
export function found<T>(records: Map<string, T>, id: string, code: StiggErrorCode, kind: string): T {
  const record = records.get(id);
  if (!record) throw stiggError(code, `${kind} not found: ${id}`, id);
  return record;
}
