import { InvalidApiKeyInputError, Journal } from '../../src/services/journal';
import { runApiKeysCommand } from '../../src/services/journal/api-keys-cli';
import { hashApiKeySecret } from '../../src/services/journal/api-key-secret';
import { describeEachJournal } from './journal-test-targets';

describeEachJournal('API keys', (target) => {
  let journal: Journal;
  beforeAll(async () => {
    journal = await target.open();
  });

  it('creates a key, returns the secret once and stores only its hash', async () => {
    const issued = await journal.apiKeys.createApiKey({ name: 'billing portal', scopes: ['read', 'provision'], browser: false });
    expect(issued.key).toMatch(/^o2c_[A-Za-z0-9_-]{43}$/);
    expect(issued).toMatchObject({ name: 'billing portal', scopes: ['read', 'provision'], browser: false, revokedAt: null, rotatedAt: null });
    expect(issued.prefix).toBe(issued.key.slice(0, 10));
    const found = await journal.apiKeys.findApiKeyBySecret(issued.key);
    const { key: _secret, ...record } = issued;
    expect(found).toEqual(record);
    const listed = await journal.apiKeys.listApiKeys();
    expect(JSON.stringify(listed)).not.toContain(issued.key);
    expect(JSON.stringify(listed)).not.toContain(hashApiKeySecret(issued.key));
  });

  it('does not find unknown, empty or near-miss secrets', async () => {
    const issued = await journal.apiKeys.createApiKey({ name: 'x', scopes: ['read'], browser: false });
    expect(await journal.apiKeys.findApiKeyBySecret('')).toBeNull();
    expect(await journal.apiKeys.findApiKeyBySecret('o2c_nope')).toBeNull();
    expect(await journal.apiKeys.findApiKeyBySecret(issued.key.slice(0, -1))).toBeNull();
    expect(await journal.apiKeys.findApiKeyBySecret(`${issued.key} `)).toBeNull();
  });

  it('validates names and scopes; a browser key carries read only', async () => {
    await expect(journal.apiKeys.createApiKey({ name: ' ', scopes: ['read'], browser: false })).rejects.toThrow(InvalidApiKeyInputError);
    await expect(journal.apiKeys.createApiKey({ name: 'n', scopes: [], browser: false })).rejects.toThrow('needs scopes');
    await expect(journal.apiKeys.createApiKey({ name: 'n', scopes: ['read', 'root'], browser: false })).rejects.toThrow('unknown scope root');
    await expect(journal.apiKeys.createApiKey({ name: 'lwc', scopes: ['read', 'provision'], browser: true })).rejects.toThrow('read only');
    const lwc = await journal.apiKeys.createApiKey({ name: 'lwc', scopes: ['read', 'read'], browser: true });
    expect(lwc).toMatchObject({ scopes: ['read'], browser: true });
    expect((await journal.apiKeys.findApiKeyBySecret(lwc.key))!.browser).toBe(true);
  });

  it('revokes: the key stops working and stays listed as revoked', async () => {
    const issued = await journal.apiKeys.createApiKey({ name: 'temp', scopes: ['credits'], browser: false });
    expect(await journal.apiKeys.revokeApiKey(issued.id, new Date('2025-05-01T00:00:00Z'))).toBe(true);
    expect(await journal.apiKeys.revokeApiKey(issued.id)).toBe(false);
    expect(await journal.apiKeys.revokeApiKey('unknown')).toBe(false);
    expect(await journal.apiKeys.findApiKeyBySecret(issued.key)).toBeNull();
    const listed = (await journal.apiKeys.listApiKeys()).find((k) => k.id === issued.id);
    expect(listed!.revokedAt).toEqual(new Date('2025-05-01T00:00:00Z'));
  });

  it('rotates: a new secret for the same id and scopes; the old one stops working', async () => {
    const issued = await journal.apiKeys.createApiKey({ name: 'apex', scopes: ['provision', 'credits'], browser: false });
    const rotated = await journal.apiKeys.rotateApiKey(issued.id);
    expect(rotated).toMatchObject({ id: issued.id, name: 'apex', scopes: ['provision', 'credits'] });
    expect(rotated!.key).not.toBe(issued.key);
    expect(rotated!.rotatedAt).toBeInstanceOf(Date);
    expect(await journal.apiKeys.findApiKeyBySecret(issued.key)).toBeNull();
    expect((await journal.apiKeys.findApiKeyBySecret(rotated!.key))!.id).toBe(issued.id);
    await journal.apiKeys.revokeApiKey(issued.id);
    expect(await journal.apiKeys.rotateApiKey(issued.id)).toBeNull();
  });

  it('is managed by the keys CLI: create, list, rotate, revoke', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runApiKeysCommand(['create', '--name', 'apex named credential', '--scopes', 'provision,credits'], journal.apiKeys, io)).toBe(0);
    const key = out.find((l) => l.startsWith('key: '))!.slice(5);
    const id = out[0].split('\t')[0];
    expect((await journal.apiKeys.findApiKeyBySecret(key))!.id).toBe(id);

    out.length = 0;
    expect(await runApiKeysCommand(['list'], journal.apiKeys, io)).toBe(0);
    expect(out.some((l) => l.startsWith(id) && l.includes('provision,credits') && l.includes('active'))).toBe(true);
    expect(out.join('\n')).not.toContain(key);

    out.length = 0;
    expect(await runApiKeysCommand(['rotate', id], journal.apiKeys, io)).toBe(0);
    const rotated = out.find((l) => l.startsWith('key: '))!.slice(5);
    expect(await journal.apiKeys.findApiKeyBySecret(key)).toBeNull();
    expect((await journal.apiKeys.findApiKeyBySecret(rotated))!.id).toBe(id);

    expect(await runApiKeysCommand(['revoke', id], journal.apiKeys, io)).toBe(0);
    expect(await journal.apiKeys.findApiKeyBySecret(rotated)).toBeNull();
    expect(await runApiKeysCommand(['revoke', id], journal.apiKeys, io)).toBe(1);

    expect(await runApiKeysCommand(['create', '--name=lwc', '--scopes=read', '--browser'], journal.apiKeys, io)).toBe(0);
    expect(await runApiKeysCommand(['create', '--name', 'x', '--scopes', 'read,admin', '--browser'], journal.apiKeys, io)).toBe(2);
    expect(await runApiKeysCommand(['create', '--scopes', 'read'], journal.apiKeys, io)).toBe(2);
    expect(await runApiKeysCommand(['explode'], journal.apiKeys, io)).toBe(2);
    expect(await runApiKeysCommand([], journal.apiKeys, io)).toBe(2);
    expect(err.join('\n')).toContain('usage: keys create');
  });
});
