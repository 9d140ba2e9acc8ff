import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import * as jsforce from 'jsforce';
import { PubSubTestClient } from './helpers/pubsub-client';

/**
 * `npm run sandbox` (src/sandbox/main.ts) as a child process: it prints the Pub/Sub API endpoint on
 * a line with "Salesforce Pub/Sub API", and a client that takes only what the banner prints
 * subscribes there and receives the change event of a jsforce update made against the printed
 * instance URL (issue 12: a Closed Won update reaches a subscriber with no call to the gateway).
 */
const ROOT = join(__dirname, '../..');
const REGISTER = join(ROOT, 'test/helpers/ts-register-cached.js');
let child: ChildProcess | null = null;

afterEach(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

function startSandboxMain(): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', SANDBOX_SALESFORCE_PORT: '0', SANDBOX_STIGG_PORT: '0', SANDBOX_PUBSUB_PORT: '0' };
  child = spawn(process.execPath, ['-r', REGISTER, join(ROOT, 'src/sandbox/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no banner within 45 s: ${out}`)), 45_000);
    child!.stdout!.on('data', (chunk) => {
      out += chunk;
      if (/Try: .*\n/.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child!.stderr!.on('data', (chunk) => (out += chunk));
    child!.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited (${code}): ${out}`));
    });
  });
}

test('npm run sandbox prints the Pub/Sub endpoint and its metadata; a subscriber using only the banner receives a Closed Won update made with jsforce', async () => {
  const banner = await startSandboxMain();
  const line = banner.split('\n').find((l) => l.includes('Pub/Sub'))!;
  expect(line).toBeDefined();
  const endpoint = /(127\.0\.0\.1:\d+) \(gRPC, plaintext\)/.exec(line)![1];
  const tenantId = /tenantid: (\S+)/.exec(line)![1];
  const instanceUrl = /Salesforce instance URL: (\S+)/.exec(banner)![1];
  const accessToken = /access token: (\S+)/.exec(banner)![1];

  const client = new PubSubTestClient(endpoint, { accessToken, instanceUrl, tenantId });
  try {
    const conn = new jsforce.Connection({ instanceUrl, accessToken, version: '62.0' });
    const open = await conn.query<{ Id: string }>("SELECT Id FROM Opportunity WHERE StageName = 'Prospecting' LIMIT 1");
    const id = open.records[0].Id;
    const s = client.subscribe();
    s.fetch({ topic_name: '/data/OpportunityChangeEvent', replay_preset: 'EARLIEST', num_requested: 1 });
    await conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Won' });
    await s.untilEvents(1);
    const [event] = await s.events();
    expect(event.header.recordIds).toEqual([id]);
    expect(event.changed).toContain('StageName');
    expect(event.body.StageName).toBe('Closed Won');
    s.close();
  } finally {
    client.close();
  }
});
