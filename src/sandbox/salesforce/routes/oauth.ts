/** OAuth 2.0 token and revoke, identity (userinfo, identity URL) and the SOAP login() (operations `token`, `identity`). */
import { Endpoint, json, Reply } from '../http';
import { handleTokenRequest, identityBody, OAuthError, ORG_ID, USER_ID, userInfoBody } from '../oauth';
import { normalizeId } from '../ids';
import { SalesforceContext } from './context';

export function oauthEndpoints(ctx: SalesforceContext) {
  const { credentials, sessions } = ctx;

  const token: Endpoint = {
    op: 'token',
    auth: 'none',
    api: false,
    run: ({ rawBody, headers }) =>
      json(200, handleTokenRequest({ creds: credentials, sessions, baseUrl: ctx.baseUrl() }, new URLSearchParams(rawBody), headers.authorization)),
  };

  const revoke: Endpoint = {
    op: 'token',
    auth: 'none',
    api: false,
    run: ({ rawBody, url }) => {
      const t = new URLSearchParams(rawBody).get('token') ?? url.searchParams.get('token') ?? '';
      if (!sessions.revoke(t)) throw new OAuthError(400, 'unsupported_token_type', 'this token type is not supported');
      return { status: 200 };
    },
  };

  const userinfo: Endpoint = { op: 'identity', auth: 'identity', api: false, run: () => json(200, userInfoBody(ctx.baseUrl(), credentials)) };

  const identity: Endpoint = {
    op: 'identity',
    auth: 'identity',
    api: false,
    refuse: ({ params }) => (normalizeId(params.org) !== ORG_ID || normalizeId(params.user) !== USER_ID ? json(404, 'Bad_Id') : undefined),
    run: () => json(200, identityBody(ctx.baseUrl(), credentials, ctx.apiVersion)),
  };

  const soapLogin: Endpoint = {
    op: 'token',
    auth: 'none',
    api: false,
    run: ({ rawBody, rest }) => soapLoginReply(ctx, rawBody, rest[0] ?? ctx.apiVersion),
  };

  return { token, revoke, userinfo, identity, soapLogin };
}

function soapLoginReply(ctx: SalesforceContext, body: string, version: string): Reply {
  const { credentials, sessions } = ctx;
  const baseUrl = ctx.baseUrl();
  const pick = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body)?.[1];
  const unesc = (s?: string) => s?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const username = unesc(pick('username'));
  const password = unesc(pick('password'));
  const envelope = (inner: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
  if (username !== credentials.username || password !== credentials.password) {
    return {
      status: 500,
      body: envelope(
        '<soapenv:Fault><faultcode>INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring></soapenv:Fault>',
      ),
      headers: { 'Content-Type': 'text/xml;charset=UTF-8' },
    };
  }
  const session = sessions.issue(credentials.clientId);
  return {
    status: 200,
    body: envelope(
      `<loginResponse><result><metadataServerUrl>${baseUrl}/services/Soap/m/${version}/${ORG_ID}</metadataServerUrl><passwordExpired>false</passwordExpired><sandbox>true</sandbox><serverUrl>${baseUrl}/services/Soap/u/${version}/${ORG_ID}</serverUrl><sessionId>${session.token}</sessionId><userId>${USER_ID}</userId><userInfo><organizationId>${ORG_ID}</organizationId><userName>${credentials.username}</userName></userInfo></result></loginResponse>`,
    ),
    headers: { 'Content-Type': 'text/xml;charset=UTF-8' },
  };
}
