import { Principal } from '../../domain/principal';

/** Who asks when automation starts or retries a run: recorded as the run's requestedBy and in the audit log. */
export const AUTOMATION_PRINCIPAL: Principal = {
  id: 'automation',
  scopes: new Set(['read', 'provision']),
  browser: false,
};
