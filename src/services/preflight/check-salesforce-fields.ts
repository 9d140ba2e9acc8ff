import { SalesforceFieldNames } from '../../config/gateway-config';
import { SalesforceClient } from '../salesforce/salesforce-client';
import { describeError } from './describe-error';
import { SectionBuilder } from './preflight-report';

export type FieldObject = 'Product2' | 'Opportunity' | 'Account';

/** The custom fields the gateway reads and writes, where they live, and the variable naming each. */
export const REQUIRED_FIELDS: ReadonlyArray<{ sobject: FieldObject; key: keyof SalesforceFieldNames; label: string; variable: string }> = [
  { sobject: 'Product2', key: 'stiggType', label: 'Stigg Type', variable: 'SF_FIELD_STIGG_TYPE' },
  { sobject: 'Product2', key: 'stiggId', label: 'Stigg ID', variable: 'SF_FIELD_STIGG_ID' },
  { sobject: 'Opportunity', key: 'subscriptionId', label: 'Stigg subscription id', variable: 'SF_FIELD_SUBSCRIPTION_ID' },
  { sobject: 'Opportunity', key: 'provisioningStatus', label: 'provisioning status', variable: 'SF_FIELD_PROVISIONING_STATUS' },
  { sobject: 'Account', key: 'customerId', label: 'Stigg customer id', variable: 'SF_FIELD_CUSTOMER_ID' },
];

/**
 * Each configured custom field exists on its object, by the gateway's own cached describe (one
 * describe per object; a field the integration user cannot see is missing to it too).
 * Answers the objects that lack one of their fields: reads that name them would fail.
 */
export async function checkSalesforceFields(
  section: SectionBuilder, client: SalesforceClient, fields: SalesforceFieldNames,
): Promise<Set<FieldObject>> {
  const objects = [...new Set(REQUIRED_FIELDS.map((f) => f.sobject))];
  const described = await Promise.all(objects.map((sobject) => client.fieldNames(sobject).then(
    (names) => ({ sobject, names, error: null as unknown }),
    (error: unknown) => ({ sobject, names: null, error }),
  )));
  const incomplete = new Set<FieldObject>();
  for (const required of REQUIRED_FIELDS) {
    const name = fields[required.key];
    const path = `${required.sobject}.${name}`;
    const id = `${required.sobject}.${required.key}`;
    const { names, error } = described.find((d) => d.sobject === required.sobject)!;
    if (names === null) {
      incomplete.add(required.sobject);
      section.fail(id, `${path} (${required.label}): could not describe ${required.sobject}: ${describeError(error)}`);
    } else if (!names.has(name.toLowerCase())) {
      incomplete.add(required.sobject);
      section.fail(id, `${path} (${required.label}) does not exist, or the integration user cannot see it`, [
        `Create the field and give the integration user access to it, or set ${required.variable} to its API name (namespaced in orgs with Stigg's package).`,
      ]);
    } else {
      section.ok(id, `${path} (${required.label})`);
    }
  }
  return incomplete;
}
