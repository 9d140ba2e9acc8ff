/**
 * What the gateway writes into the explorer's page for its script (explorer/explorer.tsx):
 * plain data, no logic, shared by both sides.
 */
export interface ExplorerTab {
  /** The operation's name (GraphiQL shows it as the tab's title). */
  title: string;
  /** The operation, with the fragments it spreads and its file's leading comment. */
  query: string;
  /** JSON text for the variables editor ('' when the operation takes none). */
  variables: string;
  /** JSON text for the headers editor: the Authorization hint when a key is needed, else ''. */
  headers: string;
}

export interface ExplorerSettings {
  /** Where GraphiQL sends its requests (same origin). */
  endpoint: string;
  /** Where the page's script finds Monaco's worker files (same origin). */
  assetsPath: string;
  /** True when the gateway asks for a key: the page shows a notice and the header editor with the hint. */
  authRequired: boolean;
  /** The header editor's hint: `{"Authorization": "Bearer <key>"}`. */
  headersHint: string;
  /** The example operations of examples/operations, one tab each, in the order of explorer-tabs.json. */
  tabs: ExplorerTab[];
}

/** The URL path the explorer's files are served under (GET only, no key needed: they hold no data). */
export const EXPLORER_ASSETS_PATH = '/explorer';

export const AUTHORIZATION_HINT = '{"Authorization": "Bearer <key>"}';
