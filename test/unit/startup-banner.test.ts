import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { sandboxBanner } from '../../src/startup-banner';
import { describeKeysJournal } from '../../src/services/journal/api-keys-cli';
import { apiKeysJournalOf } from '../../src/config/api-keys-journal';

/** What `npm start` prints in sandbox mode, and what `npm run keys` says about where it wrote. */
const base = { url: 'http://127.0.0.1:4000', salesforceUrl: 'http://127.0.0.1:4010', stiggUrl: 'http://127.0.0.1:4020' };
const KEY = 'banner-test-key-0000000000000001';

describe('the sandbox banner', () => {
  it('with no key anywhere: authentication off, and a first query with no Authorization header', () => {
    const banner = sandboxBanner({ ...base, authenticationRequired: false, config: loadConfig({}) });
    expect(banner).toContain(`AUTHENTICATION IS OFF: sandbox mode with no GATEWAY_API_KEYS and no active key in ${resolve('data/sandbox-keys.db')} (npm run keys)`);
    expect(banner).toContain("curl -s http://127.0.0.1:4000/graphql -H 'content-type: application/json' \\\n");
    expect(banner).not.toContain('authorization');
    expect(banner).toContain('Explorer (GraphiQL, the example operations as tabs): open http://127.0.0.1:4000/graphql in a browser');
  });

  it('with a key in the sandbox\'s key journal: the first query carries the Authorization header, and says how to make a key', () => {
    const banner = sandboxBanner({ ...base, authenticationRequired: true, config: loadConfig({}) });
    expect(banner).toContain(`Authentication is on: send Authorization: Bearer <key>, a key of npm run keys (read here from ${resolve('data/sandbox-keys.db')}).`);
    expect(banner).toContain("KEY=$(npm run -s keys -- create --name me --scopes read | sed -n 's/^key: //p')");
    expect(banner).toContain(`curl -s http://127.0.0.1:4000/graphql -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\\n`);
    const body = /-d '(.*)'/.exec(banner)![1];
    expect(JSON.parse(body).query).toMatch(/^\{ opportunities\(first: 5, filter: \{ isWon: true \}\)/);
  });

  it('with GATEWAY_API_KEYS, or keys in JOURNAL_PATH: says so, and the npm run keys hint carries the same JOURNAL_PATH', () => {
    const withEnvKeys = sandboxBanner({ ...base, authenticationRequired: true, config: loadConfig({ GATEWAY_API_KEYS: `${KEY}:read` }) });
    expect(withEnvKeys).toContain('a key of GATEWAY_API_KEYS or of npm run keys');
    expect(withEnvKeys).toContain('(one of GATEWAY_API_KEYS, or KEY=$(npm run -s keys');
    expect(withEnvKeys).not.toContain(KEY);
    const withPath = sandboxBanner({ ...base, authenticationRequired: true, config: loadConfig({ JOURNAL_PATH: '/tmp/j.db' }) });
    expect(withPath).toContain('KEY=$(JOURNAL_PATH=/tmp/j.db npm run -s keys -- create');
  });
});

describe('npm run keys says which journal it used', () => {
  it('in sandbox mode: the sandbox\'s key journal, read by npm start', () => {
    const line = describeKeysJournal(apiKeysJournalOf({}));
    expect(line).toContain(`journal: ${resolve('data/sandbox-keys.db')}, the sandbox's keys`);
    expect(line).toContain('`npm start` in sandbox mode reads them');
  });

  it('otherwise the journal the gateway reads with the same variables, never a database password', () => {
    expect(describeKeysJournal(apiKeysJournalOf({ JOURNAL_PATH: 'data/j.db' }))).toContain(`journal: ${resolve('data/j.db')} (JOURNAL_PATH)`);
    const postgres = describeKeysJournal(apiKeysJournalOf({ DATABASE_URL: 'postgres://user:s3cret@db.internal:5432/gateway' }));
    expect(postgres).toContain('journal: PostgreSQL db.internal:5432/gateway (DATABASE_URL)');
    expect(postgres).not.toContain('s3cret');
    expect(describeKeysJournal(apiKeysJournalOf({ STIGG_API_KEY: 'k', SALESFORCE_INSTANCE_URL: 'https://x.my.salesforce.com', SALESFORCE_ACCESS_TOKEN: 't' })))
      .toContain(`journal: ${resolve('data/gateway.db')} (neither DATABASE_URL nor JOURNAL_PATH set)`);
  });
});
