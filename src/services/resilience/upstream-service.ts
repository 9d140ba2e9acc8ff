/** The upstreams the gateway calls, as they appear in `extensions.service` and metric labels. */
export type UpstreamService = 'salesforce' | 'stigg';

export const UPSTREAM_DISPLAY_NAMES: Record<UpstreamService, string> = {
  salesforce: 'Salesforce',
  stigg: 'Stigg',
};
