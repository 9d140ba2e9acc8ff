import { SalesforceAuth } from '../../config/gateway-config';
import { describeError, upstreamCodeOf } from './describe-error';
import { PreflightSalesforce } from './preflight-services';
import { SectionBuilder } from './preflight-report';

const AUTH_NAMES: Readonly<Record<SalesforceAuth['kind'], string>> = {
  session: 'a ready session',
  clientCredentials: 'OAuth client credentials',
  jwtBearer: 'the JWT bearer flow',
};

/**
 * Logs in and makes the first authenticated call, a describe of Opportunity (cached: the field
 * check reuses it). Client credentials and JWT bearer get their token in `open`; a ready session
 * is only known to work once Salesforce answers a call with it. Null when either step failed.
 */
export async function checkSalesforceLogin(
  section: SectionBuilder, auth: SalesforceAuth, open: () => Promise<PreflightSalesforce>,
): Promise<PreflightSalesforce | null> {
  const how = AUTH_NAMES[auth.kind];
  let salesforce: PreflightSalesforce;
  try {
    salesforce = await open();
  } catch (err) {
    section.fail('login', `Could not log in to Salesforce with ${how}: ${describeError(err)}`);
    return null;
  }
  try {
    await salesforce.client.fieldNames('Opportunity');
  } catch (err) {
    const refused = upstreamCodeOf(err) === 'INVALID_SESSION_ID';
    section.fail('login', refused
      ? `Salesforce refused ${how} at ${salesforce.client.instanceUrl}: ${describeError(err)}`
      : `Logged in with ${how}, but Salesforce at ${salesforce.client.instanceUrl} did not answer: ${describeError(err)}`);
    return null;
  }
  section.ok('login', `Logged in to ${salesforce.client.instanceUrl} with ${how}`);
  return salesforce;
}
