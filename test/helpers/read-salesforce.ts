import * as jsforce from 'jsforce';
import { TestStack } from './test-stack';

/** A real jsforce connection to the stack's Salesforce emulator (the fixed development session). */
export function salesforceConnection(stack: TestStack): jsforce.Connection {
  const sf = stack.sandbox.salesforce;
  return new jsforce.Connection({ instanceUrl: sf.url, accessToken: sf.credentials.accessToken, version: sf.credentials.apiVersion });
}

/**
 * Creates records through sObject Collections (POST /composite/sobjects, 200 per request,
 * allOrNone) and returns their ids in order; any failure throws naming the first error.
 */
export async function createAll(conn: jsforce.Connection, sobject: string, records: Array<Record<string, unknown>>): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < records.length; i += 200) {
    const results = await conn.sobject(sobject).create(records.slice(i, i + 200) as never[], { allOrNone: true });
    for (const r of results as Array<{ success: boolean; id?: string; errors?: unknown[] }>) {
      if (!r.success || !r.id) throw new Error(`creating ${sobject} failed: ${JSON.stringify(r.errors)}`);
      ids.push(r.id);
    }
  }
  return ids;
}

/** Ids of the seeded records the read tests name (src/sandbox/seed/salesforce.json). */
export const SEED = {
  pricebook: '01sDn0000000001IAA',
  entries: {
    growthPlan: '01uDn0000000002IAA',
    enterprisePlan: '01uDn0000000003IAA',
    ssoAddon: '01uDn0000000004IAA',
    seats: '01uDn0000000005IAA',
    apiCalls: '01uDn0000000006IAA',
    apiCredits: '01uDn0000000008IAA',
  },
} as const;
