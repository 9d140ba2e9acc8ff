/**
 * Keeps the Lightning examples (examples/lwc) in step with the gateway: the
 * component's query is the documented operation and valid against
 * schema.graphql, the Apex mutation is valid, the error codes the Apex class
 * handles exist, and the Salesforce metadata files name each other correctly.
 * (The real-browser CORS check is scripts/browser/check-cors.sh, run by .ci/run.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, OperationDefinitionNode, parse, print, validate } from 'graphql';
import { ErrorCodes } from '../../src/errors/error-codes';

const root = join(__dirname, '..', '..');
const source = join(root, 'examples', 'lwc', 'force-app', 'main', 'default');
const read = (...parts: string[]): string => readFileSync(join(...parts), 'utf8');

const schema = buildSchema(read(root, 'schema.graphql'));
const componentJs = read(source, 'lwc', 'opportunitySubscription', 'opportunitySubscription.js');
const apex = read(source, 'classes', 'O2CGatewayProvisioning.cls');
const apexTest = read(source, 'classes', 'O2CGatewayProvisioningTest.cls');

function componentQuery(): string {
  const match = /const QUERY = `([^`]+)`;/.exec(componentJs);
  if (!match) throw new Error('opportunitySubscription.js has no `const QUERY = `...`;`');
  return match[1];
}

/** The Apex constant PROVISION_MUTATION: its '...' + '...' literals joined. */
function apexMutation(): string {
  const match = /PROVISION_MUTATION\s*=\s*([\s\S]*?);/.exec(apex);
  if (!match) throw new Error('O2CGatewayProvisioning.cls has no PROVISION_MUTATION');
  return [...match[1].matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\'/g, "'")).join('');
}

function operationOf(document: string): OperationDefinitionNode {
  const ops = parse(document).definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  expect(ops).toHaveLength(1);
  return ops[0];
}

describe('the Lightning Web Component opportunitySubscription', () => {
  it('sends exactly examples/operations/lwc-opportunity-subscription.graphql', () => {
    const documented = read(root, 'examples', 'operations', 'lwc-opportunity-subscription.graphql');
    expect(print(parse(componentQuery()))).toBe(print(parse(documented)));
  });

  it('is a valid read-only query (a browser key carries read only)', () => {
    expect(validate(schema, parse(componentQuery()))).toEqual([]);
    expect(operationOf(componentQuery()).operation).toBe('query');
  });

  it('calls POST /graphql with a Bearer key and JSON, as the CORS preflight allows', () => {
    expect(componentJs).toMatch(/\/graphql`/);
    expect(componentJs).toMatch(/method: 'POST'/);
    expect(componentJs).toMatch(/'content-type': 'application\/json'/);
    expect(componentJs).toMatch(/authorization: `Bearer \$\{this\.browserKey\}`/);
  });

  it('is exposed on the Opportunity record page with the gateway URL and key as properties', () => {
    const meta = read(source, 'lwc', 'opportunitySubscription', 'opportunitySubscription.js-meta.xml');
    expect(meta).toMatch(/<isExposed>true<\/isExposed>/);
    expect(meta).toMatch(/<target>lightning__RecordPage<\/target>/);
    expect(meta).toMatch(/<object>Opportunity<\/object>/);
    expect(meta).toMatch(/<property name="gatewayUrl"/);
    expect(meta).toMatch(/<property name="browserKey"/);
  });

  it('has a CSP Trusted Site for connect-src', () => {
    const csp = read(source, 'cspTrustedSites', 'O2C_Gateway.cspTrustedSite-meta.xml');
    expect(csp).toMatch(/<isApplicableToConnectSrc>true<\/isApplicableToConnectSrc>/);
    expect(csp).toMatch(/<endpointUrl>https:\/\/[^<]+<\/endpointUrl>/);
  });
});

describe('the Apex class O2CGatewayProvisioning', () => {
  it('sends a valid provisionOpportunity mutation', () => {
    const mutation = apexMutation();
    expect(validate(schema, parse(mutation))).toEqual([]);
    const op = operationOf(mutation);
    expect(op.operation).toBe('mutation');
    expect(print(op)).toMatch(/provisionOpportunity\(input: \$input\)/);
    expect(print(op)).toMatch(/error \{\s*code\s*message\s*step\s*\}/);
  });

  it('handles error codes the gateway really returns', () => {
    const codes = new Set<string>(Object.values(ErrorCodes));
    const used = new Set([...`${apex}\n${apexTest}`.matchAll(/"code":"([A-Z_]+)"|\b(OPPORTUNITY_NOT_WON|ALREADY_PROVISIONED|PROVISIONING_IN_PROGRESS|BILLING_EMAIL_REQUIRED|UNAUTHENTICATED|FORBIDDEN|RATE_LIMITED)\b/g)]
      .map((m) => m[1] ?? m[2]));
    expect(used.size).toBeGreaterThan(3);
    for (const code of used) expect(codes).toContain(code);
  });

  it('calls through the Named Credential whose External Credential and permission set match', () => {
    expect(apex).toMatch(/'callout:O2C_Gateway\/graphql'/);
    expect(apex).not.toMatch(/setHeader\('Authorization'/);
    const named = read(source, 'namedCredentials', 'O2C_Gateway.namedCredential-meta.xml');
    expect(named).toMatch(/<namedCredentialType>SecuredEndpoint<\/namedCredentialType>/);
    expect(named).toMatch(/<externalCredential>O2C_Gateway<\/externalCredential>/);
    const external = read(source, 'externalCredentials', 'O2C_Gateway.externalCredential-meta.xml');
    const principal = /<parameterName>([^<]+)<\/parameterName>\s*<parameterType>NamedPrincipal<\/parameterType>/.exec(external)?.[1];
    expect(principal).toBe('Provisioning');
    expect(external).toMatch(/<parameterValue>\{!'Bearer ' &amp; \$Credential\.O2C_Gateway\.ApiKey\}<\/parameterValue>/);
    const permissionSet = read(source, 'permissionsets', 'O2C_Gateway_Provisioning.permissionset-meta.xml');
    expect(permissionSet).toContain(`<externalCredentialPrincipal>O2C_Gateway-${principal}</externalCredentialPrincipal>`);
    expect(permissionSet).toContain('<apexClass>O2CGatewayProvisioning</apexClass>');
  });
});
