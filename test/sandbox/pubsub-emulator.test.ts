/**
 * The Pub/Sub API emulator through a real gRPC client built from Salesforce's published proto, with
 * the Salesforce emulator's writes made by jsforce. Test names cite the Pub/Sub API Developer Guide
 * (PS) or the Change Data Capture Developer Guide (CDC) page they rest on, or say (assumption).
 */
import { ServiceError, status as Status } from '@grpc/grpc-js';
import * as jsforce from 'jsforce';
import { RunningSandbox, startSandbox } from '../../src/sandbox/start-sandbox';
import { errorCode, metadataFor, PubSubTestClient, Subscription } from './helpers/pubsub-client';

const TOPIC = '/data/OpportunityChangeEvent';

let sandbox: RunningSandbox;
let client: PubSubTestClient;
let conn: jsforce.Connection;
const open: Subscription[] = [];

async function control(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sandbox.describe().salesforce.instanceUrl}/__sandbox/pubsub${path}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Subscribes and waits for the first keepalive, so the subscription exists before the test writes. */
async function subscribed(first: { topic_name?: string; replay_preset?: string; replay_id?: Buffer; num_requested: number }): Promise<Subscription> {
  const s = client.subscribe();
  open.push(s);
  s.fetch({ topic_name: TOPIC, ...first });
  await s.untilKeepaliveAfter(0);
  return s;
}

/** New open opportunities (the seed has one open deal), created before the test subscribes. */
async function openOpportunities(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push(await newOpportunity(`Pub/Sub deal ${i + 1}`));
  return ids;
}

async function newOpportunity(name: string): Promise<string> {
  const account = await conn.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1');
  const created = (await conn.sobject('Opportunity').create({
    Name: name,
    StageName: 'Prospecting',
    CloseDate: '2026-12-31',
    AccountId: account.records[0].Id,
  })) as jsforce.SaveResult;
  expect(created.success).toBe(true);
  return created.id!;
}

beforeAll(async () => {
  sandbox = await startSandbox({ pubsubKeepaliveMs: 40 });
  const d = sandbox.describe();
  client = new PubSubTestClient(d.pubsub.endpoint, { accessToken: d.salesforce.accessToken, instanceUrl: d.salesforce.instanceUrl, tenantId: d.pubsub.tenantId });
  conn = new jsforce.Connection({ instanceUrl: d.salesforce.instanceUrl, accessToken: d.salesforce.accessToken, version: d.salesforce.apiVersion });
});

afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await control('/faults', { method: 'DELETE' });
});

afterAll(async () => {
  client.close();
  await sandbox.stop();
});

describe('change events from the Salesforce emulator’s writes', () => {
  test('a jsforce update of StageName to Closed Won arrives as an Avro OpportunityChangeEvent naming the record, StageName/IsWon/IsClosed in the decoded changedFields bitmap (PS: Event Deserialization Considerations; CDC: ChangeEventHeader Fields, Change Event Body Fields)', async () => {
    const [id] = await openOpportunities(1);
    const s = await subscribed({ num_requested: 10 });
    const before = Date.now();
    await conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Won' });
    const after = Date.now();
    await s.untilEvents(1);
    const [e] = await s.events();
    expect(e.header).toMatchObject({ entityName: 'Opportunity', recordIds: [id], changeType: 'UPDATE', sequenceNumber: 1, diffFields: [] });
    expect(e.header.changeOrigin).toBe('com/salesforce/api/rest/62.0');
    expect(e.header.commitUser).toMatch(/^005[A-Za-z0-9]{15}$/);
    expect(e.header.commitTimestamp).toBeGreaterThanOrEqual(before);
    expect(e.header.commitTimestamp).toBeLessThanOrEqual(after);
    expect(e.header.changedFields[0]).toMatch(/^0x([0-9A-F]{2})+$/);
    expect(e.changed).toEqual(expect.arrayContaining(['StageName', 'IsClosed', 'IsWon', 'LastModifiedDate']));
    expect(e.changed).not.toContain('Name');
    expect(e.nulled).toEqual([]);
    // Pub/Sub API clients get every field: the changed ones with their values, unchanged ones null
    expect(e.body).toMatchObject({ StageName: 'Closed Won', IsWon: true, IsClosed: true, Name: null, AccountId: null });
    expect(typeof e.body.LastModifiedDate).toBe('number');
  });

  test('create, an update that clears a field and delete: CREATE with every field, nulledFields naming the cleared field, DELETE with none (CDC: Change Event Body Fields)', async () => {
    const s = await subscribed({ num_requested: 10 });
    const id = await newOpportunity('Pub/Sub create');
    await conn.sobject('Opportunity').update({ Id: id, Description: 'temporary' });
    await conn.sobject('Opportunity').update({ Id: id, Description: null });
    await conn.sobject('Opportunity').destroy(id);
    await s.untilEvents(4);
    const [created, described, cleared, deleted] = await s.events();
    expect(created.header).toMatchObject({ changeType: 'CREATE', recordIds: [id], changedFields: [], nulledFields: [] });
    expect(created.body).toMatchObject({ Name: 'Pub/Sub create', StageName: 'Prospecting', IsWon: false, CloseDate: Date.parse('2026-12-31T00:00:00Z') });
    expect(described.changed).toEqual(['Description', 'LastModifiedDate']);
    expect(cleared.changed).toEqual(['Description', 'LastModifiedDate']);
    expect(cleared.nulled).toEqual(['Description']);
    expect(cleared.body.Description).toBeNull();
    expect(deleted.header).toMatchObject({ changeType: 'DELETE', recordIds: [id] });
    expect(Object.values(deleted.body).every((v) => v === null)).toBe(true);
    // replay ids are opaque bytes that increase
    const ids = [created, described, cleared, deleted].map((e) => e.replayId.toString('hex'));
    expect([...ids].sort()).toEqual(ids);
  });

  test('an sObject Collections update of several records is one transaction: one event per record, one transactionKey, sequenceNumber 1..n (CDC: ChangeEventHeader Fields)', async () => {
    const ids = await openOpportunities(2);
    const s = await subscribed({ num_requested: 10 });
    await conn.sobject('Opportunity').update(ids.map((Id) => ({ Id, Description: 'bulk' })), { allOrNone: true });
    await s.untilEvents(2);
    const events = await s.events();
    expect(events.map((e) => e.header.recordIds[0])).toEqual(ids);
    expect(new Set(events.map((e) => e.header.transactionKey)).size).toBe(1);
    expect(events.map((e) => e.header.sequenceNumber)).toEqual([1, 2]);
  });

  test('a refused write publishes nothing (assumption: events follow commits only)', async () => {
    const [id] = await openOpportunities(1);
    const s = await subscribed({ num_requested: 10 });
    await expect(conn.sobject('Opportunity').update({ Id: id, StageName: 'No such stage' })).rejects.toThrow();
    await conn.sobject('Opportunity').update({ Id: id, Description: 'after the refusal' });
    await s.untilEvents(1);
    const events = await s.events();
    expect(events).toHaveLength(1);
    expect(events[0].changed).toContain('Description');
    expect(events[0].changed).not.toContain('StageName');
  });
});

describe('Subscribe flow control and replay (PS: Subscribe RPC Method, Event Message Durability)', () => {
  test('no more events than num_requested; then keepalives with pending_num_requested 0; another FetchRequest delivers the rest', async () => {
    const ids = await openOpportunities(3);
    const s = await subscribed({ num_requested: 2 });
    await conn.sobject('Opportunity').update(ids.map((Id) => ({ Id, Description: 'flow control' })), { allOrNone: true });
    await s.untilEvents(2);
    const keepalive = await s.untilKeepaliveAfter(s.responses.length);
    expect(s.rawEvents).toHaveLength(2);
    expect(keepalive.pending_num_requested).toBe(0);
    expect(keepalive.latest_replay_id).toEqual(s.rawEvents[1].replay_id);
    s.fetch({ num_requested: 5 });
    await s.untilEvents(3);
    const last = s.responses.find((r) => r.events.some((e) => e.replay_id.equals(s.rawEvents[2].replay_id)))!;
    expect(last.pending_num_requested).toBe(4);
    expect((await s.events()).map((e) => e.header.recordIds[0])).toEqual(ids);
  });

  test('LATEST starts at the tip; EARLIEST replays retained events; CUSTOM resumes after the given replay id', async () => {
    const [id] = await openOpportunities(1);
    const first = await subscribed({ num_requested: 10 });
    await conn.sobject('Opportunity').update({ Id: id, Description: 'replay one' });
    await conn.sobject('Opportunity').update({ Id: id, Description: 'replay two' });
    await first.untilEvents(2);
    const [one, two] = await first.events();

    const latest = await subscribed({ replay_preset: 'LATEST', num_requested: 10 });
    const earliest = await subscribed({ replay_preset: 'EARLIEST', num_requested: 100 });
    const custom = await subscribed({ replay_preset: 'CUSTOM', replay_id: one.replayId, num_requested: 10 });
    await conn.sobject('Opportunity').update({ Id: id, Description: 'replay three' });
    await Promise.all([latest.untilEvents(1), custom.untilEvents(2)]);
    await earliest.until((s) => s.rawEvents.some((e) => e.replay_id.equals(two.replayId)), 'the earlier events');

    expect((await latest.events()).map((e) => e.body.Description)).toEqual(['replay three']);
    expect((await custom.events()).map((e) => e.body.Description)).toEqual(['replay two', 'replay three']);
    const replayed = (await earliest.events()).map((e) => e.replayId.toString('hex'));
    expect(replayed).toEqual(expect.arrayContaining([one.replayId.toString('hex'), two.replayId.toString('hex')]));
  });

  test('num_requested 0 ends the stream: INVALID_ARGUMENT, requested.events.invalid (assumption: the condition)', async () => {
    const s = client.subscribe();
    open.push(s);
    s.fetch({ topic_name: TOPIC, num_requested: 0 });
    const e = await s.untilError();
    expect(e.code).toBe(Status.INVALID_ARGUMENT);
    expect(errorCode(e)).toBe('sfdc.platform.eventbus.grpc.subscription.fetch.requested.events.invalid');
  });

  test('a CUSTOM replay id of the wrong form: INVALID_ARGUMENT, replayid.validation.failed (assumption: the condition)', async () => {
    const s = client.subscribe();
    open.push(s);
    s.fetch({ topic_name: TOPIC, replay_preset: 'CUSTOM', replay_id: Buffer.from('nope'), num_requested: 1 });
    const e = await s.untilError();
    expect(e.code).toBe(Status.INVALID_ARGUMENT);
    expect(errorCode(e)).toBe('sfdc.platform.eventbus.grpc.subscription.fetch.replayid.validation.failed');
    expect(e.details).toMatch(/rpcId: [0-9a-f-]{36}$/);
  });
});

describe('GetTopic and GetSchema (PS: GetTopic RPC Method, GetSchema RPC Method)', () => {
  test('GetTopic describes the change event channel; its schema_id is the events’ and GetSchema returns the Avro schema', async () => {
    const topic = await client.unary<any>('GetTopic', { topic_name: TOPIC });
    expect(topic).toMatchObject({ topic_name: TOPIC, tenant_guid: sandbox.describe().pubsub.tenantId, can_publish: false, can_subscribe: true });
    expect(topic.schema_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const schema = await client.unary<any>('GetSchema', { schema_id: topic.schema_id });
    expect(schema.schema_id).toBe(topic.schema_id);
    const json = JSON.parse(schema.schema_json);
    expect(json).toMatchObject({ type: 'record', name: 'OpportunityChangeEvent', namespace: 'com.sforce.eventbus' });
    expect(json.fields[0].name).toBe('ChangeEventHeader');
    expect(json.fields[0].type.fields.map((f: { name: string }) => f.name)).toEqual([
      'entityName', 'recordIds', 'changeType', 'changeOrigin', 'transactionKey', 'sequenceNumber',
      'commitTimestamp', 'commitNumber', 'commitUser', 'nulledFields', 'diffFields', 'changedFields',
    ]);
    const names = json.fields.map((f: { name: string }) => f.name);
    expect(names).toEqual(expect.arrayContaining(['StageName', 'IsWon', 'Stigg_Payment_Collection__c', 'Stigg_Provisioning_Error__c']));
    // CDC "Change Event Fields": IsDeleted and SystemModstamp are not in change events
    expect(names).not.toEqual(expect.arrayContaining(['IsDeleted']));
    expect(names).not.toContain('SystemModstamp');
    expect(json.fields.find((f: { name: string }) => f.name === 'StageName').type).toEqual(['null', 'string']);
  });

  test('an unknown topic or schema id is NOT_FOUND (assumption: status and error code)', async () => {
    await expect(client.unary('GetTopic', { topic_name: '/data/NoSuchChangeEvent' })).rejects.toMatchObject({ code: Status.NOT_FOUND });
    await expect(client.unary('GetSchema', { schema_id: 'nope' })).rejects.toMatchObject({ code: Status.NOT_FOUND });
  });

  test('Publish, PublishStream and ManagedSubscribe are UNIMPLEMENTED (assumption: the sandbox only delivers change events)', async () => {
    await expect(client.unary('Publish', { topic_name: TOPIC, events: [] })).rejects.toMatchObject({ code: Status.UNIMPLEMENTED });
    for (const method of ['PublishStream', 'ManagedSubscribe']) {
      const call = client.client[method](metadataFor(client.auth));
      const failed = new Promise<ServiceError>((resolve) => call.on('error', resolve));
      call.write({});
      expect((await failed).code).toBe(Status.UNIMPLEMENTED);
      call.cancel();
    }
  });
});

describe('authentication (PS: Supported Authentication Methods; Handle Errors)', () => {
  test('a bad token, a wrong tenant id or a missing instanceurl is UNAUTHENTICATED with service.auth.error', async () => {
    const good = client.auth;
    for (const auth of [{ ...good, accessToken: 'not-a-session' }, { ...good, tenantId: '00D000000000000AAA' }, { accessToken: good.accessToken, tenantId: good.tenantId }]) {
      const e = await client.unary<never>('GetTopic', { topic_name: TOPIC }, auth).then(
        () => { throw new Error('accepted'); },
        (err: ServiceError) => err,
      );
      expect(e.code).toBe(Status.UNAUTHENTICATED);
      expect(errorCode(e)).toBe('sfdc.platform.eventbus.grpc.service.auth.error');
    }
    const s = client.subscribe({ ...good, accessToken: 'not-a-session' });
    open.push(s);
    s.fetch({ topic_name: TOPIC, num_requested: 1 });
    expect((await s.untilError()).code).toBe(Status.UNAUTHENTICATED);
  });

  test('a token the Salesforce emulator issued over OAuth is accepted', async () => {
    const d = sandbox.describe();
    const res = await fetch(`${d.salesforce.instanceUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sandbox.salesforce.credentials.clientId,
        client_secret: sandbox.salesforce.credentials.clientSecret,
      }),
    });
    const { access_token } = (await res.json()) as { access_token: string };
    expect(access_token).toBeTruthy();
    await expect(client.unary('GetTopic', { topic_name: TOPIC }, { ...client.auth, accessToken: access_token })).resolves.toMatchObject({ topic_name: TOPIC });
  });
});

describe('custom channels with a filter (CDC: Change Event Filters)', () => {
  test("/data/O2C__chn (filter StageName = 'Closed Won', assumption: the sandbox org's channel) carries only matching changes, each enriched with StageName (auto-enrichment of filtered fields)", async () => {
    const [lost, won] = await openOpportunities(2);
    const s = await subscribed({ topic_name: '/data/O2C__chn', num_requested: 10 });
    const all = await subscribed({ num_requested: 10 });
    await conn.sobject('Opportunity').update({ Id: lost, StageName: 'Negotiation/Review' });
    await conn.sobject('Opportunity').update({ Id: won, StageName: 'Closed Won' });
    await conn.sobject('Opportunity').update({ Id: won, Description: 'signed' });
    await s.untilEvents(2);
    await all.untilEvents(3);
    await s.untilKeepaliveAfter(s.responses.length);
    const events = await s.events();
    expect(events.map((e) => e.header.recordIds[0])).toEqual([won, won]);
    expect(events[1].changed).toEqual(['Description', 'LastModifiedDate']);
    expect(events[1].body).toMatchObject({ Description: 'signed', StageName: 'Closed Won' });
    // the standard channel has no filter, so nothing is enriched there
    expect((await all.events())[2].body).toMatchObject({ Description: 'signed', StageName: null });
  });

  test('a filter on ChangeEventHeader.changeType selects by change type; array header fields are refused (CDC: Change Event Filters)', async () => {
    const defined = await control('/channels', { method: 'PUT', body: { topicName: '/data/Created__chn', selectedEntity: 'OpportunityChangeEvent', filterExpression: "ChangeEventHeader.changeType = 'CREATE'" } });
    expect(defined.status).toBe(200);
    const [existing] = await openOpportunities(1);
    const s = await subscribed({ topic_name: '/data/Created__chn', num_requested: 10 });
    await conn.sobject('Opportunity').update({ Id: existing, Description: 'not a create' });
    const created = await newOpportunity('Pub/Sub created on a filtered channel');
    await s.untilEvents(1);
    await s.untilKeepaliveAfter(s.responses.length);
    expect((await s.events()).map((e) => [e.header.changeType, e.header.recordIds[0]])).toEqual([['CREATE', created]]);
    const refused = await control('/channels', { method: 'PUT', body: { topicName: '/data/Bad__chn', selectedEntity: 'OpportunityChangeEvent', filterExpression: "ChangeEventHeader.changedFields = 'x'" } });
    expect(refused.status).toBe(400);
  });

  test('PUT /__sandbox/pubsub/channels defines a channel; a filter outside the supported subset is 400', async () => {
    const ok = await control('/channels', { method: 'PUT', body: { topicName: '/data/Big__chn', selectedEntity: 'OpportunityChangeEvent', filterExpression: "(Amount > 100000) AND StageName IN ('Closed Won', 'Closed Lost')" } });
    expect(ok.status).toBe(200);
    expect((await control('')).body.topics.map((t: { topicName: string }) => t.topicName)).toContain('/data/Big__chn');
    for (const filterExpression of ['Amount >', 'NoSuchField__c = 1', "StageName LIKE 'Closed%'"]) {
      expect((await control('/channels', { method: 'PUT', body: { topicName: '/data/Bad__chn', selectedEntity: 'OpportunityChangeEvent', filterExpression } })).status).toBe(400);
    }
  });
});

describe('faults and counters over HTTP (src/sandbox/README.md: Fault injection and counters)', () => {
  test('UNAVAILABLE on the next Subscribe (service.unavailable), then subscribing works; counters count subscribes, fetch requests and events sent', async () => {
    await control('/counters', { method: 'DELETE' });
    expect((await control('/faults', { method: 'POST', body: { operation: 'Subscribe', failure: 'UNAVAILABLE', times: 1 } })).status).toBe(201);
    const refused = client.subscribe();
    open.push(refused);
    refused.fetch({ topic_name: TOPIC, num_requested: 1 });
    const e = await refused.untilError();
    expect(e.code).toBe(Status.UNAVAILABLE);
    expect(errorCode(e)).toBe('sfdc.platform.eventbus.grpc.service.unavailable');

    const [id] = await openOpportunities(1);
    const s = await subscribed({ num_requested: 3 });
    await conn.sobject('Opportunity').update({ Id: id, Description: 'counted' });
    await s.untilEvents(1);
    const counters = (await control('/counters')).body;
    expect(counters).toMatchObject({ Subscribe: 2, fetchRequests: 1, eventsSent: 1 });
  });

  test('phase after on Subscribe drops the stream after its first batch (RST_STREAM: UNAVAILABLE, no error code)', async () => {
    await control('/faults', { method: 'POST', body: { operation: 'Subscribe', failure: 'RST_STREAM', phase: 'after', times: 1 } });
    const [id] = await openOpportunities(1);
    const s = await subscribed({ num_requested: 5 });
    await conn.sobject('Opportunity').update({ Id: id, Description: 'then dropped' });
    const e = await s.untilError();
    expect(s.rawEvents).toHaveLength(1);
    expect(e.code).toBe(Status.UNAVAILABLE);
    expect(errorCode(e)).toBeUndefined();
  });

  test('an invalid rule is 400; rules are listed and cleared', async () => {
    expect((await control('/faults', { method: 'POST', body: { operation: 'Publish', failure: 'UNAVAILABLE' } })).status).toBe(400);
    expect((await control('/faults', { method: 'POST', body: { operation: 'GetTopic', failure: 'TEAPOT' } })).status).toBe(400);
    await control('/faults', { method: 'POST', body: { operation: 'GetTopic', failure: 'UNAUTHENTICATED' } });
    expect((await control('/faults')).body).toHaveLength(1);
    await expect(client.unary('GetTopic', { topic_name: TOPIC })).rejects.toMatchObject({ code: Status.UNAUTHENTICATED });
    expect((await control('/faults', { method: 'DELETE' })).status).toBe(204);
    await expect(client.unary('GetTopic', { topic_name: TOPIC })).resolves.toMatchObject({ topic_name: TOPIC });
  });
});

describe('retention (PS: Event Message Durability; Handle Errors)', () => {
  test('a CUSTOM replay id older than the retention period is refused: INVALID_ARGUMENT, replayid.corrupted; EARLIEST then starts after the purge', async () => {
    const [id] = await openOpportunities(1);
    const s = await subscribed({ num_requested: 1 });
    await conn.sobject('Opportunity').update({ Id: id, Description: 'to be purged' });
    await s.untilEvents(1);
    const old = s.rawEvents[0].replay_id;

    const advanced = await control('/clock', { method: 'POST', body: { advanceMs: sandbox.pubsub.bus.retentionMs + 1 } });
    expect(advanced.status).toBe(200);
    const refused = client.subscribe();
    open.push(refused);
    refused.fetch({ topic_name: TOPIC, replay_preset: 'CUSTOM', replay_id: old, num_requested: 1 });
    const e = await refused.untilError();
    expect(e.code).toBe(Status.INVALID_ARGUMENT);
    expect(errorCode(e)).toBe('sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted');

    const earliest = await subscribed({ replay_preset: 'EARLIEST', num_requested: 10 });
    expect(earliest.rawEvents).toHaveLength(0);
  });
});
