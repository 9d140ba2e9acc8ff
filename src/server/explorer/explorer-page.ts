import { EXPLORER_ASSETS_PATH, ExplorerSettings } from './explorer-settings';

/**
 * The explorer's security headers. Everything comes from the gateway's own origin: its
 * script, stylesheet and Monaco's workers (`'self'`), fonts inlined in the stylesheet
 * (`data:`), and GraphiQL's requests go to /graphql on the same origin. Inline styles are
 * allowed because Monaco and GraphiQL set them at run time; no inline or foreign script
 * runs (the settings are a JSON block, which is data). The page is never framed.
 */
export const EXPLORER_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** JSON that can sit inside a <script> element: nothing in it can close the element or start markup. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The page at GET /graphql for a browser. `bundled`: the explorer's files are built
 * (dist/explorer); without them the page says how to build them.
 */
export function explorerPage(settings: ExplorerSettings, bundled: boolean): string {
  const head = bundled
    ? `<link rel="stylesheet" href="${EXPLORER_ASSETS_PATH}/explorer.css">\n<script type="module" src="${EXPLORER_ASSETS_PATH}/explorer.js"></script>`
    : '';
  const body = bundled
    ? '<div id="explorer"><p style="font-family: sans-serif; padding: 16px">Loading the explorer…</p></div>'
    : '<p style="font-family: sans-serif; padding: 16px">The explorer\'s files are not built: run <code>npm run build</code> (it writes dist/explorer).</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Order-to-cash gateway: explorer</title>
${head}
</head>
<body>
${body}
<script type="application/json" id="explorer-settings">${scriptSafeJson(settings)}</script>
<noscript>The explorer needs JavaScript.</noscript>
</body>
</html>
`;
}
