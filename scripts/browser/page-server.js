#!/usr/bin/env node
/*
 * The web pages of the real-browser CORS check (scripts/browser/check-cors.sh).
 *
 * One HTTPS server on loopback, with a self-signed certificate, answers for
 * every host name Chromium maps to 127.0.0.1 (--host-resolver-rules): the
 * page's origin is whatever host the browser asked for, e.g.
 * https://acme.lightning.force.com (a Lightning-like origin the gateway
 * allows) or https://evil.example.com (one it does not).
 *
 *   GET  /         a page that calls the gateway exactly as a Lightning Web
 *                  Component would (fetch, POST /graphql, JSON, a Bearer key),
 *                  writes the outcome into the DOM and POSTs it to /report
 *   POST /report   the page's outcome; stored as <REPORT_DIR>/<hostname>.json
 *   GET  /settled  answers only once that host's report arrived (or after
 *                  SETTLE_TIMEOUT_MS), so the page's load event - and with it
 *                  Chromium's --dump-dom - waits for the outcome
 *
 * Environment: PAGE_PORT (443 by default, the port a real Lightning origin
 * uses; 0 = any free port), TLS_CERT_FILE, TLS_KEY_FILE, GATEWAY_URL
 * (http://127.0.0.1:<port>), GATEWAY_KEY (a read-only key), REPORT_DIR,
 * OPPORTUNITY_ID. Prints `listening <port>` on stdout once it accepts
 * connections. Plain JavaScript, node's own modules only.
 */
'use strict';

const https = require('node:https');
const fs = require('node:fs');
const path = require('node:path');

function required(name) {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`page-server: ${name} is required\n`);
    process.exit(2);
  }
  return value;
}

const port = Number(process.env.PAGE_PORT ?? 443);
const gatewayUrl = required('GATEWAY_URL').replace(/\/+$/, '');
const gatewayKey = required('GATEWAY_KEY');
const reportDir = required('REPORT_DIR');
const opportunityId = process.env.OPPORTUNITY_ID || '006Dn0000000001IAA';
const settleTimeoutMs = Number(process.env.SETTLE_TIMEOUT_MS ?? 20_000);
const tls = { cert: fs.readFileSync(required('TLS_CERT_FILE')), key: fs.readFileSync(required('TLS_KEY_FILE')) };

/** Host names whose report arrived, and the /settled requests waiting for one. */
const reported = new Set();
const waiting = new Map();

const hostnameOf = (req) => String(req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
const safeName = (hostname) => hostname.replace(/[^a-z0-9.-]/g, '_') || 'unknown';

function pageHtml() {
  const config = {
    endpoint: `${gatewayUrl}/graphql`,
    healthz: `${gatewayUrl}/healthz`,
    key: gatewayKey,
    query: `{ opportunity(id: "${opportunityId}") { id name } }`,
  };
  // The script is what a Lightning Web Component does in connectedCallback().
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><title>CORS check</title></head>
<body>
<pre id="result">pending</pre>
<script>
(async () => {
  const config = ${JSON.stringify(config)};
  const outcome = { origin: location.origin, isSecureContext: window.isSecureContext };
  try {
    const response = await fetch(config.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + config.key },
      body: JSON.stringify({ query: config.query }),
    });
    outcome.fetch = 'response';
    outcome.status = response.status;
    outcome.body = await response.json();
  } catch (err) {
    outcome.fetch = 'error';
    outcome.error = String(err);
  }
  // Is the gateway reachable from this page at all? A no-cors GET needs no
  // CORS permission (its response is opaque), so a refusal above is CORS's doing.
  try {
    const probe = await fetch(config.healthz, { mode: 'no-cors' });
    outcome.reachable = probe.type;
  } catch (err) {
    outcome.reachable = 'error: ' + String(err);
  }
  document.getElementById('result').textContent = JSON.stringify(outcome);
  try {
    await fetch('/report', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(outcome) });
  } catch (err) {
    document.getElementById('result').textContent += ' (report failed: ' + String(err) + ')';
  }
})();
</script>
<img src="/settled" alt="" width="1" height="1">
</body>
</html>
`;
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const PIXEL = Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64');
function sendPixel(res) {
  res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store', 'content-length': PIXEL.length });
  res.end(PIXEL);
}

const server = https.createServer(tls, (req, res) => {
  const hostname = hostnameOf(req);
  const url = new URL(req.url ?? '/', 'https://page.local');
  if (req.method === 'GET' && url.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', pageHtml());
  if (req.method === 'GET' && url.pathname === '/favicon.ico') return send(res, 404, 'text/plain', 'no favicon');
  if (req.method === 'GET' && url.pathname === '/settled') {
    if (reported.has(hostname)) return sendPixel(res);
    const timer = setTimeout(() => {
      waiting.delete(hostname);
      sendPixel(res);
    }, settleTimeoutMs);
    waiting.set(hostname, () => {
      clearTimeout(timer);
      sendPixel(res);
    });
    return undefined;
  }
  if (req.method === 'POST' && url.pathname === '/report') {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= 1_000_000) chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        const outcome = JSON.parse(text);
        const file = path.join(reportDir, `${safeName(hostname)}.json`);
        fs.writeFileSync(`${file}.tmp`, JSON.stringify({ host: hostname, receivedOrigin: req.headers.origin ?? null, ...outcome }, null, 2));
        fs.renameSync(`${file}.tmp`, file);
      } catch (err) {
        return send(res, 400, 'text/plain', `bad report: ${err.message}`);
      }
      reported.add(hostname);
      const release = waiting.get(hostname);
      waiting.delete(hostname);
      if (release) release();
      return send(res, 204, 'text/plain', '');
    });
    return undefined;
  }
  return send(res, 404, 'text/plain', 'not found');
});

server.on('error', (err) => {
  process.stderr.write(`page-server: ${err.message}\n`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
