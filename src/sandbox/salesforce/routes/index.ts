/**
 * The route table: method + path pattern -> endpoint, in the order they are tried. A path that
 * matches with another method answers 405 when the route says which methods it allows; a path no
 * route matches answers 404 NOT_FOUND.
 */
import { RouteDef, RouteTable } from '../http';
import { collectionEndpoints } from './composite-collections';
import { SalesforceContext, servedVersion } from './context';
import { describeEndpoints } from './describe';
import { limitsEndpoints } from './limits';
import { oauthEndpoints } from './oauth';
import { queryEndpoints } from './query';
import { sobjectEndpoints } from './sobjects';
import { versionEndpoints } from './versions';

export type { SalesforceContext } from './context';
export { sandboxControl } from './sandbox-control';

const DATA = '/services/data/:v';

export function salesforceRoutes(ctx: SalesforceContext): RouteTable {
  const oauth = oauthEndpoints(ctx);
  const versions = versionEndpoints(ctx);
  const limits = limitsEndpoints(ctx);
  const query = queryEndpoints(ctx);
  const describe = describeEndpoints();
  const sobjects = sobjectEndpoints(ctx);
  const collections = collectionEndpoints(ctx);
  // every route under /services/data/vNN.0 (NN from 20 to 66)
  const data = (path: string, methods: RouteDef['methods'], allowed?: string): RouteDef => ({ path: `${DATA}${path}`, methods, allowed, where: servedVersion });

  return new RouteTable([
    // OAuth 2.0, identity, SOAP login
    { path: '/services/oauth2/token', methods: { POST: oauth.token }, allowed: 'POST' },
    { path: '/services/oauth2/revoke', methods: { ANY: oauth.revoke } },
    { path: '/services/oauth2/userinfo', methods: { ANY: oauth.userinfo } },
    { path: '/id/:org/:user', methods: { ANY: oauth.identity } },
    { path: '/services/Soap/u/*', methods: { POST: oauth.soapLogin } },
    // versions and resources
    { path: '/services/data', methods: { GET: versions.versions }, allowed: 'GET' },
    data('', { GET: versions.resources }, 'GET'),
    data('/limits', { GET: limits.limits }, 'GET'),
    // SOQL
    data('/query', { GET: query.query }, 'GET'),
    data('/queryAll', { GET: query.queryAll }, 'GET'),
    data('/query/:locator', { GET: query.queryMore }, 'GET'),
    data('/queryAll/:locator', { GET: query.queryMore }, 'GET'),
    // describe and sObject rows
    data('/sobjects', { GET: describe.describeGlobal }, 'GET'),
    data('/sobjects/:object', { GET: describe.objectInfo, POST: sobjects.create }, 'GET, POST'),
    data('/sobjects/:object/describe', { GET: describe.describe }, 'GET'),
    data('/sobjects/:object/:id', { GET: sobjects.retrieve, PATCH: sobjects.update, DELETE: sobjects.remove }, 'GET, PATCH, DELETE'),
    data(
      '/sobjects/:object/:field/:value',
      { GET: sobjects.retrieveByExternalId, PATCH: sobjects.upsert, DELETE: sobjects.removeByExternalId },
      'GET, PATCH, DELETE',
    ),
    // sObject Collections
    data(
      '/composite/sobjects',
      { POST: collections.collectionCreate, PATCH: collections.collectionUpdate, DELETE: collections.collectionDelete },
      'POST, PATCH, DELETE',
    ),
    data('/composite/sobjects/:object', { POST: collections.collectionRetrieve, GET: collections.collectionRetrieve }),
    data('/composite/sobjects/:object/:field', { PATCH: collections.collectionUpsert }),
  ]);
}
