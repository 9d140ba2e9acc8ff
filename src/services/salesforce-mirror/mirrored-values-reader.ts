import { SalesforceClient } from '../salesforce/salesforce-client';
import { chunkForUri, soqlInList } from '../salesforce/soql';

/**
 * Salesforce's current values of the mirrored fields: `SELECT Id, <fields> FROM <object> WHERE Id IN (...)`,
 * one query per chunk of ids that fits the 16,384-byte URI budget (200 ids a chunk).
 */
export class MirroredValuesReader {
  constructor(private readonly client: SalesforceClient) {}

  /** Record id -> its fields as Salesforce answered them (the `attributes` entry dropped); ids not found are absent. */
  async read(sobject: 'Opportunity' | 'Account', ids: readonly string[], fields: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, Record<string, unknown>>();
    if (unique.length === 0 || fields.length === 0) return found;
    const prefix = `SELECT Id, ${fields.join(', ')} FROM ${sobject} WHERE Id IN `;
    const baseBytes = this.client.queryUriBaseBytes + Buffer.byteLength(encodeURIComponent(prefix));
    const pages = await Promise.all(chunkForUri(unique, { baseBytes })
      .map((chunk) => this.client.query<Record<string, unknown>>(`${prefix}${soqlInList(chunk)}`, 'readMirroredFields')));
    for (const row of pages.flat()) {
      const { attributes: _attributes, Id, ...values } = row;
      found.set(String(Id), values);
    }
    return found;
  }
}
