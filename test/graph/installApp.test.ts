/**
 * Issue #19, reaching people: someone who never chatted with the bot cannot be sent a 1:1 message (creating the
 * conversation gives 403). With Microsoft Graph configured, the bot installs the app for them (a fake Graph on
 * 127.0.0.1), opens the chat again and posts the card there; only when that fails does it fall back to today's
 * @mention in the business office channel. Over HTTP, with the fake Bot Connector.
 */
import { strict as assert } from 'node:assert';
import { buttons, raiseData, startHarness, type Harness } from '../support/botHarness';
import { BO_CHANNEL, DEMO } from '../support/demoPeople';
import type { Recorded } from '../support/fakeConnector';
import { FakeGraph, fixedToken } from '../support/fakeGraph';
import { MemoryLog } from '../support/memoryLog';

const CATALOG = '7d1f5c3e-2b4a-4c8e-9f60-1a2b3c4d5e6f'; // the org catalog's id, not the manifest id

describe('a first 1:1 message to someone who never chatted: install the app through Graph', function () {
  this.timeout(60_000);
  const graph = new FakeGraph();
  const log = new MemoryLog();
  let h: Harness;

  before(async () => {
    await graph.start();
    for (const id of Object.values(DEMO)) graph.users.push({ id, userPrincipalName: `${id}@host.example` });
    h = await startHarness(
      { GRAPH_ENABLED: 'true', TEAMS_APP_CATALOG_ID: CATALOG, GRAPH_ENDPOINT: graph.url },
      undefined,
      { graphCredential: fixedToken(), log: log.logger },
    );
    // installing the app is what lets Teams open the chat (the fake connector refuses until then)
    graph.onInstalled = (userId) => h.connector.unreachable.delete(userId);
    await h.install(DEMO.priya);
    await h.install(DEMO.grace);
    await h.message(DEMO.grace, 'help', { id: BO_CHANNEL, type: 'channel' });
  });
  after(async () => {
    await h.close();
    await graph.stop();
  });

  /** Priya raises a case with `other`; the outbox is delivered; what the connector and Graph saw since. */
  async function raiseWith(other: string, reference: string) {
    const connectorFrom = h.connector.received.length;
    const graphFrom = graph.requests.length;
    await h.message(DEMO.priya, 'raise');
    const sent = h.connector.sentTo(`a:personal-${DEMO.priya}`);
    const form = h.connector.cards(sent[sent.length - 1]!)[0];
    const caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
    const r = await h.invoke(DEMO.priya, 'raise', raiseData(caseId, other, reference));
    assert.equal(r.status, 200);
    await h.settle();
    return {
      connector: h.connector.received.slice(connectorFrom),
      graph: graph.requests.slice(graphFrom),
    };
  }
  const creates = (rs: Recorded[], member: string) =>
    rs.filter((r) => r.path === '/v3/conversations' && r.body.members?.[0]?.id === member);
  const mentionsOf = (rs: Recorded[], member: string) =>
    rs.filter(
      (r) =>
        r.conversationId === BO_CHANNEL &&
        (r.body.entities as { mentioned?: { id: string } }[] | undefined)?.some(
          (e) => e.mentioned?.id === member,
        ),
    );

  it('installs the app for them (binding the catalog app), opens the chat and posts the card; no channel @mention', async () => {
    h.connector.unreachable.add(DEMO.jamie);
    const seen = await raiseWith(DEMO.jamie, 'CSC/2026/7401');
    assert.deepEqual(
      creates(seen.connector, DEMO.jamie).map((r) => r.status),
      [403, 200],
      'refused, then opened after the install',
    );
    const installs = seen.graph.filter((r) => r.method === 'POST');
    assert.equal(installs.length, 1);
    assert.equal(installs[0]!.path, `/v1.0/users/${DEMO.jamie}/teamwork/installedApps`);
    assert.deepEqual(installs[0]!.body, {
      'teamsApp@odata.bind': `${graph.url}/v1.0/appCatalogs/teamsApps/${CATALOG}`,
    });
    assert.equal(installs[0]!.status, 201);
    const personal = h.connector.sentTo(`a:personal-${DEMO.jamie}`);
    assert.equal(personal.length, 1, 'the card is in their 1:1 chat');
    assert.match(JSON.stringify(h.connector.cards(personal[0]!)), /CSC\/2026\/7401/);
    assert.deepEqual(mentionsOf(seen.connector, DEMO.jamie), [], 'no @mention in the channel');
    assert.ok(
      log
        .since(0)
        .some((e) => e.event === 'appInstall' && e.personId === DEMO.jamie && e.outcome === 'installed'),
    );
  });

  it('already installed (409): opens the chat once more and posts there', async () => {
    graph.installed.set(DEMO.policeManager, new Set([CATALOG]));
    h.connector.faults.push({ match: /^\/v3\/conversations$/, method: 'POST', fault: { status: 403 } });
    const seen = await raiseWith(DEMO.policeManager, 'CSC/2026/7402');
    assert.deepEqual(
      creates(seen.connector, DEMO.policeManager).map((r) => r.status),
      [403, 200],
    );
    assert.deepEqual(
      seen.graph.filter((r) => r.method === 'POST').map((r) => r.status),
      [409],
    );
    assert.equal(h.connector.sentTo(`a:personal-${DEMO.policeManager}`).length, 1);
    assert.deepEqual(mentionsOf(seen.connector, DEMO.policeManager), []);
  });

  it('when Graph refuses the install (403), the person is @mentioned in the business office channel as before', async () => {
    h.connector.unreachable.add(DEMO.sam);
    graph.installStatus.set(DEMO.sam, 403);
    const seen = await raiseWith(DEMO.sam, 'CSC/2026/7403');
    assert.deepEqual(
      creates(seen.connector, DEMO.sam).map((r) => r.status),
      [403],
      'no second try after a failed install',
    );
    assert.deepEqual(
      seen.graph.filter((r) => r.method === 'POST').map((r) => [r.path, r.status]),
      [[`/v1.0/users/${DEMO.sam}/teamwork/installedApps`, 403]],
    );
    assert.equal(h.connector.sentTo(`a:personal-${DEMO.sam}`).length, 0);
    assert.equal(mentionsOf(seen.connector, DEMO.sam).length, 1, 'the @mention fallback');
    const entry = log.since(0).find((e) => e.event === 'appInstall' && e.personId === DEMO.sam);
    assert.deepEqual(entry && { outcome: entry.outcome, status: entry.status, code: entry.code }, {
      outcome: 'failed',
      status: 403,
      code: 'Forbidden',
    });
  });

  it('logs Graph by route, status and object id only', () => {
    const text = log.text();
    assert.ok(!text.includes('@host.example'), 'no UPN');
    assert.ok(!text.includes('fake-graph-token'), 'no token');
    assert.ok(!text.includes('Injected fault'), 'no Graph error message');
  });
});
