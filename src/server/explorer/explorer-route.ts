import { IncomingMessage, ServerResponse } from 'node:http';
import { ExplorerAssets } from './explorer-assets';
import { explorerPage, EXPLORER_PAGE_HEADERS } from './explorer-page';
import { AUTHORIZATION_HINT, EXPLORER_ASSETS_PATH, ExplorerSettings } from './explorer-settings';
import { exampleOperationTabs } from './example-operation-tabs';

export interface ExplorerOptions {
  /** True when callers need a key: the page shows the Authorization hint. */
  authRequired: boolean;
  /** The built bundle (dist/explorer). */
  bundleDir: string;
  /** examples/operations: the tabs. */
  examplesDir: string;
}

/** A browser's navigation: an Accept header that lists text/html (with a q other than 0). */
function acceptsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.trim().toLowerCase().split(';').map((part) => part.trim());
    return type === 'text/html' && !params.some((param) => /^q=0(\.0*)?$/.test(param));
  });
}

/**
 * GraphiQL, served by the gateway itself: the page at GET /graphql when a browser asks for
 * HTML (and sends no `query`: that is a GraphQL request, Apollo's), and its files under
 * /explorer/. Neither needs a key (the page holds no data; the queries it sends do), so
 * both are answered before authentication. The page and the tabs are made once, at start.
 */
export class ExplorerRoute {
  private readonly assets: ExplorerAssets;
  private readonly page: string;

  constructor(options: ExplorerOptions) {
    this.assets = new ExplorerAssets(options.bundleDir);
    const headers = options.authRequired ? AUTHORIZATION_HINT : '';
    const settings: ExplorerSettings = {
      endpoint: '/graphql',
      assetsPath: EXPLORER_ASSETS_PATH,
      authRequired: options.authRequired,
      headersHint: AUTHORIZATION_HINT,
      tabs: exampleOperationTabs(options.examplesDir, headers),
    };
    this.page = explorerPage(settings, this.assets.bundled);
  }

  /** False when `npm run build` has not written the bundle: the page then says so. */
  get bundled(): boolean {
    return this.assets.bundled;
  }

  /** Answers the request and returns true when it is the explorer's; else false (nothing sent). */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname === '/graphql' && !url.searchParams.has('query') && acceptsHtml(req.headers.accept)) {
      res.writeHead(200, { ...EXPLORER_PAGE_HEADERS, 'content-length': String(Buffer.byteLength(this.page)) });
      res.end(req.method === 'HEAD' ? undefined : this.page);
      return true;
    }
    if (!url.pathname.startsWith(`${EXPLORER_ASSETS_PATH}/`)) return false;
    const asset = this.assets.get(url.pathname.slice(EXPLORER_ASSETS_PATH.length + 1));
    if (!asset) return false;
    const headers = { 'content-type': asset.contentType, 'cache-control': 'no-cache', etag: asset.etag };
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-length': String(asset.body.length) });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return true;
  }
}
