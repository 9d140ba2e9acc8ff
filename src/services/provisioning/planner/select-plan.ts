import { CatalogPlan } from '../../../domain/stigg-catalog';
import { Opportunity } from '../../../domain/salesforce-records';
import { GatewayError } from '../../../errors/gateway-error';
import { CatalogIndex } from '../../catalog/catalog-index';
import { groupLinesByStiggId, LineGroup } from './line-group';
import { MappedLine } from './mapped-line';

export interface SelectedPlan {
  plan: CatalogPlan;
  /** The PLAN lines (several lines for the same plan add up). */
  group: LineGroup;
}

/** The opportunity's one plan: PLAN_MISSING without a PLAN line, MULTIPLE_PLANS with lines for several plans. */
export function selectPlan(opportunity: Opportunity, lines: readonly MappedLine[], index: CatalogIndex): SelectedPlan {
  const groups = groupLinesByStiggId(lines.filter((m) => m.stiggType === 'PLAN'));
  if (groups.length === 0) {
    throw new GatewayError('PLAN_MISSING',
      `Opportunity '${opportunity.name}' has no product with Stigg Type 'Plan'. ` +
      'Add the product of the Stigg plan to the opportunity.');
  }
  if (groups.length > 1) {
    const named = groups.map((g) => `'${g.stiggId}' (${g.productNames})`).join(', ');
    throw new GatewayError('MULTIPLE_PLANS',
      `Opportunity '${opportunity.name}' has products for ${groups.length} Stigg plans: ${named}. ` +
      'A subscription has exactly one plan: keep one plan product on the opportunity.',
      { planIds: groups.map((g) => g.stiggId) });
  }
  const group = groups[0];
  const plan = index.findPlan(group.stiggId);
  // validateProductMapping made sure the plan exists.
  if (!plan) throw new Error(`plan ${group.stiggId} vanished from the catalog index`);
  return { plan, group };
}
