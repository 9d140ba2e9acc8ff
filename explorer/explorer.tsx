/*
 * The explorer's page script: GraphiQL (npm's graphiql, React and Monaco, bundled by
 * scripts/build-explorer.js into dist/explorer/) on the gateway's own origin. Nothing is
 * loaded from anywhere else: the Monaco workers are files of the same bundle, the fonts
 * are inlined in the stylesheet, and the page's settings (the endpoint, whether a key is
 * needed, the example operations as tabs) come from the JSON the gateway wrote into the
 * page (src/server/explorer/explorer-page.ts).
 */
import { createRoot } from 'react-dom/client';
import { GraphiQL, GraphiQLProps } from 'graphiql';
import type { ExplorerSettings } from '../src/server/explorer/explorer-settings';
import 'graphiql/style.css';
import './explorer.css';

const settingsElement = document.getElementById('explorer-settings');
if (!settingsElement?.textContent) throw new Error('the page carries no explorer settings');
const settings = JSON.parse(settingsElement.textContent) as ExplorerSettings;

// Monaco asks this for a worker per language (label): GraphQL, JSON (variables, headers, the response) and the editor's own.
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    const file = label === 'graphql' ? 'graphql.worker.js' : label === 'json' ? 'json.worker.js' : 'editor.worker.js';
    return new Worker(`${settings.assetsPath}/${file}`);
  },
};

/** POSTs to the gateway as any client does; the headers are the header editor's. */
const fetcher: GraphiQLProps['fetcher'] = async (params, options) => {
  const response = await fetch(settings.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      ...(options?.headers as Record<string, string> | undefined),
    },
    body: JSON.stringify(params),
  });
  return response.json();
};

function AuthNotice() {
  return (
    <div className="explorer-notice" role="note" data-testid="auth-notice">
      Authentication is on: put your API key in <strong>Headers</strong> below as <code>{settings.headersHint}</code>
      {' '}(<code>npm run keys -- create --name me --scopes read</code> makes one), then re-fetch the schema (Shift+Ctrl+R).
    </div>
  );
}

/**
 * True when this browser has no GraphiQL tabs stored yet. GraphiQL 5 opens `defaultTabs` then,
 * but fills only the operation editor from the first of them (not its variables and headers):
 * on a first visit the first tab's editors are given as the initial contents too.
 */
function firstVisit(): boolean {
  try {
    return localStorage.getItem('graphiql:tabState') === null;
  } catch {
    return true;
  }
}

function Explorer() {
  const authHeaders = settings.authRequired ? settings.headersHint : undefined;
  const first = firstVisit() ? settings.tabs[0] : undefined;
  return (
    <div className="explorer">
      {settings.authRequired ? <AuthNotice /> : null}
      <div className="explorer-graphiql">
        <GraphiQL
          fetcher={fetcher}
          defaultTabs={settings.tabs.map(({ query, variables, headers }) => ({ query, variables, headers }))}
          defaultHeaders={authHeaders}
          defaultEditorToolsVisibility={settings.authRequired ? 'headers' : 'variables'}
          shouldPersistHeaders={false}
          {...(first ? { initialQuery: first.query, initialVariables: first.variables, initialHeaders: first.headers } : {})}
        />
      </div>
    </div>
  );
}

const root = document.getElementById('explorer');
if (!root) throw new Error('the page has no #explorer element');
createRoot(root).render(<Explorer />);
