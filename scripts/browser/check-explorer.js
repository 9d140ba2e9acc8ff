#!/usr/bin/env node
/*
 * The real-browser explorer check (run by .ci/run after the CORS check).
 *
 * Starts the built gateway (dist/src/main.js) in sandbox mode as a real process and opens
 * GET /graphql in Debian's headless Chromium (/usr/bin/chromium, driven by playwright-core)
 * with no network: every request to another origin is refused and counted, and host names
 * other than the loopback one do not resolve. Two gateways, one after the other:
 *
 *   no key    the sandbox's default: GraphiQL renders, one tab per example operation
 *             (examples/operations), the first query runs and its result is read from the
 *             page's response editor (the first won opportunity of the seed)
 *   with key  GATEWAY_API_KEYS set: the page still loads without one, shows the notice and
 *             the header editor's hint; running with the hint is UNAUTHENTICATED; with the
 *             key typed into the header editor, the first query answers
 *
 * Each case also fails on a script error, a Content-Security-Policy violation, or any
 * request that left the gateway's origin. Installs Chromium with apt-get when missing
 * (scripts/browser/ensure-tools.sh). Every wait is bounded; every process it starts is
 * stopped on exit. Prints `explorer: N passed, N failed` and writes it to
 * .tmp/browser-explorer-summary.
 *
 *   node scripts/browser/check-explorer.js
 *   EXPLORER_CHECK_SKIP_BUILD=1 node scripts/browser/check-explorer.js   (dist/ already built)
 */
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const FIRST_OPPORTUNITY_ID = '006Dn0000000001IAA';
const KEY = `explorer-check-${Date.now().toString(36)}-0000000000`;

for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']) delete process.env[name];

const log = (message) => process.stderr.write(`browser explorer check: ${message}\n`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'explorer-check-'));
const children = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the built gateway in sandbox mode, in its own process group; resolves once /healthz answers. */
async function startGateway(label, extraEnv) {
  const port = await freePort();
  const logFile = path.join(work, `gateway-${label}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SANDBOX_SALESFORCE_PORT: '0', SANDBOX_STIGG_PORT: '0', SANDBOX_PUBSUB_PORT: '0',
      JOURNAL_PATH: path.join(work, `journal-${label}.db`), LOG_LEVEL: 'warn', ...extraEnv },
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the gateway (${label}) exited: ${tail(logFile)}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return { url, logFile };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after 60s waiting for ${url}/healthz: ${tail(logFile)}`);
    await sleep(200);
  }
}

function tail(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}

function stopChildren() {
  for (const child of children) {
    if (child.exitCode !== null) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** The example operations' names, read from the files (what the tabs must be). */
function exampleOperationNames() {
  const dir = path.join(ROOT, 'examples/operations');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort()
    .flatMap((file) => [...fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/^(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/gm)].map((m) => m[1]));
}

function seededOpportunityName(id) {
  const seed = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/sandbox/seed/salesforce.json'), 'utf8'));
  return (seed.records?.Opportunity ?? []).find((o) => o.Id === id)?.Name;
}

/**
 * A fresh browser context on the gateway's origin with no network: requests elsewhere are
 * aborted and listed; script errors, CSP violations and console errors are collected.
 */
async function openExplorer(browser, gatewayUrl) {
  const context = await browser.newContext();
  const origin = new URL(gatewayUrl).origin;
  const seen = { foreign: [], pageErrors: [], consoleErrors: [], graphqlResponses: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
    seen.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => seen.pageErrors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text());
  });
  // Each POST /graphql answer, as a promise of { status, body } (its body may still be arriving).
  page.on('response', (response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/graphql') {
      seen.graphqlResponses.push(response.text().catch(() => '').then((body) => ({ status: response.status(), body })));
    }
  });
  const navigation = await page.goto(`${gatewayUrl}/graphql`, { timeout: 30_000 });
  return { context, page, seen, navigation };
}

/** The visible text of one of GraphiQL's Monaco editors (data-uri ends with `suffix`). */
async function editorText(page, suffix) {
  return page.$eval(`[data-uri$="${suffix}"] .view-lines`, (element) => element.innerText.replace(/\u00a0/g, ' '));
}

/** Clicks Run and waits until the response editor shows something that matches `pattern`. */
async function runAndRead(page, pattern) {
  await page.click('.graphiql-execute-button');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = await editorText(page, 'response.json').catch(() => '');
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the response editor never showed ${pattern}: ${JSON.stringify(text.slice(0, 400))}`);
    await sleep(200);
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function commonProblems(seen, { allowedConsoleErrors = [] } = {}) {
  const problems = [];
  if (seen.foreign.length) problems.push(`requests left the gateway's origin: ${seen.foreign.join(', ')}`);
  if (seen.pageErrors.length) problems.push(`script errors: ${seen.pageErrors.join(' | ')}`);
  const consoleErrors = seen.consoleErrors.filter((text) => !allowedConsoleErrors.some((allowed) => allowed.test(text)));
  if (consoleErrors.length) problems.push(`console errors (a CSP violation is one): ${consoleErrors.join(' | ')}`);
  return problems;
}

async function checkNoKey(browser, expectedTabs, expectedName) {
  const gateway = await startGateway('no-key', {});
  const { context, page, seen, navigation } = await openExplorer(browser, gateway.url);
  const problems = [];
  try {
    if (navigation?.status() !== 200) problems.push(`GET /graphql answered ${navigation?.status()}`);
    const csp = navigation?.headers()['content-security-policy'] ?? '';
    if (!/script-src 'self'/.test(csp)) problems.push(`no script-src 'self' in the page's CSP: '${csp}'`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
    const tabs = await page.$$eval('.graphiql-tab', (elements) => elements.map((element) => element.querySelector('button')?.textContent?.trim() ?? element.textContent.trim()));
    const missing = expectedTabs.filter((name) => !tabs.some((tab) => tab.startsWith(name)));
    if (missing.length) problems.push(`tabs missing for ${missing.join(', ')} (tabs: ${tabs.join(', ')})`);
    if (!tabs[0]?.startsWith('PortalOpportunities')) problems.push(`the first tab is '${tabs[0]}', expected PortalOpportunities`);
    const variables = await editorText(page, 'variables.json').catch(() => '');
    const result = await runAndRead(page, /"data"/);
    if (!result.includes('"opportunities"')) problems.push(`the result shows no opportunities: ${result.slice(0, 300)}`);
    if (!result.includes(`"${FIRST_OPPORTUNITY_ID}"`)) problems.push(`the result does not show ${FIRST_OPPORTUNITY_ID}: ${result.slice(0, 300)}`);
    if (expectedName && !result.replace(/\s+/g, ' ').includes(expectedName.slice(0, 20))) problems.push(`the result does not show '${expectedName}'`);
    const answers = await Promise.all(seen.graphqlResponses);
    const answered = answers.map((r) => ({ ...r, json: parseJson(r.body) })).find((r) => r.json?.data?.opportunities);
    if (!answered || answered.status !== 200) problems.push(`the query's HTTP answer: ${answered ? answered.status : 'none'}`);
    else if (answered.json.data.opportunities.edges?.length !== 5) problems.push('the query did not run with its tab\'s variables (first: 5)');
    // GraphiQL's own introspection query passes the gateway's limits: the editor and the docs know the schema.
    if (!answers.some((r) => parseJson(r.body)?.data?.__schema)) problems.push(`GraphiQL got no schema: ${answers.map((r) => `${r.status} ${r.body.slice(0, 150)}`).join(' | ')}`);
    problems.push(...commonProblems(seen));
    return { problems, detail: `${tabs.length} tabs, variables ${JSON.stringify(variables.replace(/\s+/g, ' ').trim())}, first result ${FIRST_OPPORTUNITY_ID}` };
  } catch (err) {
    problems.push(err.message);
    return { problems, detail: '' };
  } finally {
    await page.screenshot({ path: path.join(work, 'no-key.png') }).catch(() => {});
    await context.close();
    if (problems.length) log(`gateway log:\n${tail(gateway.logFile)}`);
  }
}

async function checkWithKey(browser) {
  const gateway = await startGateway('with-key', { GATEWAY_API_KEYS: `${KEY}:read` });
  const { context, page, seen, navigation } = await openExplorer(browser, gateway.url);
  const problems = [];
  try {
    if (navigation?.status() !== 200) problems.push(`GET /graphql without a key answered ${navigation?.status()}`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
    const notice = (await page.textContent('[data-testid=auth-notice]').catch(() => '')) ?? '';
    if (!notice.includes('Authorization') || !notice.includes('Bearer <key>')) problems.push(`no key notice with the hint: '${notice}'`);
    const headers = await editorText(page, 'request-headers.json').catch(() => '');
    if (!/"Authorization":\s*"Bearer <key>"/.test(headers)) problems.push(`the header editor does not show the hint: '${headers}'`);
    const refused = await runAndRead(page, /UNAUTHENTICATED|"data"/);
    if (!refused.includes('UNAUTHENTICATED')) problems.push(`running with the hint was not UNAUTHENTICATED: ${refused.slice(0, 200)}`);
    // Typed as a person types it: Monaco closes brackets and quotes, and types over the closing ones.
    const typed = `{"Authorization": "Bearer ${KEY}"}`;
    await page.click('[data-uri$="request-headers.json"] .view-lines');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(typed);
    const edited = (await editorText(page, 'request-headers.json')).trim();
    if (edited !== typed) problems.push(`the header editor holds '${edited}' after typing '${typed}'`);
    const result = await runAndRead(page, /"data"/);
    if (!result.includes(`"${FIRST_OPPORTUNITY_ID}"`)) problems.push(`with the key, the result does not show ${FIRST_OPPORTUNITY_ID}: ${result.slice(0, 300)}`);
    // Before the key is typed, GraphiQL's requests (the schema, the first run) are answered 401, which Chromium logs.
    problems.push(...commonProblems(seen, { allowedConsoleErrors: [/status of 401/] }));
    return { problems, detail: 'notice and hint shown, UNAUTHENTICATED with the hint, data with the key' };
  } catch (err) {
    problems.push(err.message);
    return { problems, detail: '' };
  } finally {
    await page.screenshot({ path: path.join(work, 'with-key.png') }).catch(() => {});
    await context.close();
    if (problems.length) log(`gateway log:\n${tail(gateway.logFile)}`);
  }
}

async function main() {
  execFileSync('bash', ['scripts/browser/ensure-tools.sh'], { cwd: ROOT, stdio: 'inherit' });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing`);
  if (process.env.EXPLORER_CHECK_SKIP_BUILD !== '1') {
    log('building the gateway and the explorer (npm run build)');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 240_000 });
  }
  for (const file of ['dist/src/main.js', 'dist/explorer/explorer.js']) {
    if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing (did the build run?)`);
  }
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--no-proxy-server',
      // No name resolves but loopback's: nothing can reach the network, whatever the page asks for.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const version = browser.version();
  let passed = 0;
  let failed = 0;
  const report = (name, { problems, detail }) => {
    if (problems.length === 0) {
      passed += 1;
      process.stdout.write(`  ok   ${name}: ${detail}\n`);
    } else {
      failed += 1;
      process.stdout.write(`  FAIL ${name}:\n${problems.map((p) => `         ${p}`).join('\n')}\n`);
    }
  };
  process.stdout.write(`browser explorer check: Chromium ${version}, offline, screenshots in ${work}\n`);
  try {
    report('explorer, sandbox without a key', await checkNoKey(browser, exampleOperationNames(), seededOpportunityName(FIRST_OPPORTUNITY_ID)));
    stopChildren();
    report('explorer, with GATEWAY_API_KEYS', await checkWithKey(browser));
  } finally {
    await browser.close();
  }
  const summary = `${passed} passed, ${failed} failed`;
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, '.tmp/browser-explorer-summary'), `${summary}\n`);
  process.stdout.write(`explorer: ${summary}\n`);
  return failed === 0 ? 0 : 1;
}

const overall = setTimeout(() => {
  log('timed out after 5 minutes');
  stopChildren();
  process.exit(1);
}, 300_000);
overall.unref();

main().then((code) => {
  stopChildren();
  if (code === 0 && process.env.EXPLORER_CHECK_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
  process.exitCode = code;
}, (err) => {
  log(err.message);
  stopChildren();
  process.exitCode = 1;
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopChildren();
    process.exit(1);
  });
}
