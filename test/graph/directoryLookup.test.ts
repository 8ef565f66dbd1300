/**
 * Issue #19: a directory file may name people by address (a member's UPN, a guest's UPN, or a guest's own e-mail
 * address); `escalate directory import` looks each one up in the host tenant through Microsoft Graph (a fake on
 * 127.0.0.1) and stores only the object id. Every row looked up is reported to the administrator; unknown and
 * ambiguous addresses are refused with the line; nothing is logged with an address.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { UserLookup } from '../../src/app/directoryUpns';
import { runCli } from '../../src/cli/run';
import type { Directory } from '../../src/domain/directory';
import { GraphClient } from '../../src/graph/client';
import { GraphUsers } from '../../src/graph/users';
import type { Store } from '../../src/store/cosmos';
import { FakeGraph, fixedToken } from '../support/fakeGraph';
import { MemoryLog } from '../support/memoryLog';
import { testStore } from '../store/harness';

const id = (n: number) => `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, '0')}`;
const MORGAN = id(1); // member of the host tenant
const JAMIE = id(2); // guest, found by their own mail
const SAM = id(3); // guest, found by otherMails
const LEE = id(4); // guest with no mail, found by the UPN the invitation made
const KIM = id(5); // guest, named by their guest UPN
const BO = id(6); // member, the row gives the id too
const ADDRESSES = [
  'morgan.lee@host.example',
  'jamie.reid@nhs.example',
  'sam.k@police.example',
  'lee.t@school.example',
  'kim_la.example#EXT#@host.onmicrosoft.com',
  'bo@host.example',
  'nobody@nowhere.example',
  'duty@agency.example',
];

const HEADER = 'kind,id,upn,name,agencyId,role,lineManagerId,nation,businessOfficeIds';
const ROWS = [
  HEADER,
  'partnership,p-upn,,Test Partnership,,,,england-and-wales,bo@host.example', // 2
  'agency,health,,Community Health,,,,,', // 3
  'agency,office,,Partnership office,,,,,', // 4
  'person,,morgan.lee@host.example,Morgan Lee,health,manager,,,', // 5
  'person,,jamie.reid@nhs.example,Jamie Reid,health,practitioner,MORGAN.LEE@host.example,,', // 6
  'person,,sam.k@police.example,Sam K,health,practitioner,morgan.lee@host.example,,', // 7
  'person,,lee.t@school.example,Lee T,health,practitioner,,,', // 8
  'person,,kim_la.example#EXT#@host.onmicrosoft.com,Kim L,health,practitioner,,,', // 9
  `person,${BO},bo@host.example,Bo Office,office,manager,,,`, // 10
];

describe('directory import by address, through Microsoft Graph (fake, loopback)', function () {
  this.timeout(60_000);
  const graph = new FakeGraph();
  const log = new MemoryLog();
  const dir = mkdtempSync(path.join(tmpdir(), 'escalate-upn-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  let store: Store;
  const users = (credential = fixedToken()): UserLookup =>
    new GraphUsers(new GraphClient({ endpoint: graph.url, credential, log: log.logger }));

  async function cli(argv: string[], lookup: ((asked: boolean) => Promise<UserLookup | null>) | null) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      { out: (s) => out.push(s), err: (s) => err.push(s) },
      {
        store: () => Promise.resolve({ ...store, close: () => Promise.resolve() }),
        partnershipId: 'p-upn',
        users: lookup ?? (() => Promise.resolve(null)),
      },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const graphOn = () => Promise.resolve(users());

  before(async () => {
    await graph.start();
    graph.users.push(
      { id: MORGAN, userPrincipalName: 'morgan.lee@host.example', mail: 'morgan.lee@host.example' },
      {
        id: JAMIE,
        userPrincipalName: 'jamie.reid_nhs.example#EXT#@host.onmicrosoft.com',
        mail: 'jamie.reid@nhs.example',
        userType: 'Guest',
      },
      {
        id: SAM,
        userPrincipalName: 'sam.k_police.example#EXT#@host.onmicrosoft.com',
        otherMails: ['sam.k@police.example'],
        userType: 'Guest',
      },
      { id: LEE, userPrincipalName: 'lee.t_school.example#EXT#@host.onmicrosoft.com', userType: 'Guest' },
      { id: KIM, userPrincipalName: 'kim_la.example#EXT#@host.onmicrosoft.com', userType: 'Guest' },
      { id: BO, userPrincipalName: 'bo@host.example', mail: 'bo@host.example' },
      { id: id(7), userPrincipalName: 'duty1@agency.example', mail: 'duty@agency.example' },
      { id: id(8), userPrincipalName: 'duty2@agency.example', mail: 'duty@agency.example' },
    );
    store = await testStore();
  });
  after(async () => {
    await store.close();
    await graph.stop();
  });

  it('resolves every address to the object id, reports each row, and stores no address', async () => {
    const before = graph.requests.length;
    const r = await cli(['directory', 'import', file('people.csv', ROWS.join('\n'))], graphOn);
    assert.equal(r.code, 0, r.err);
    for (const [line, upn, objectId, guest] of [
      [5, 'morgan.lee@host.example', MORGAN, ''],
      [6, 'jamie.reid@nhs.example', JAMIE, ' (guest)'],
      [7, 'sam.k@police.example', SAM, ' (guest)'],
      [8, 'lee.t@school.example', LEE, ' (guest)'],
      [9, 'kim_la.example#EXT#@host.onmicrosoft.com', KIM, ' (guest)'],
    ] as const)
      assert.ok(r.out.includes(`line ${line}: ${upn} resolved to ${objectId}${guest}`), r.out);
    assert.ok(!r.out.includes('line 10'), 'a row with an object id is not looked up unless asked');
    assert.match(r.out, /imported Test Partnership: 2 agencies, 6 people/);

    const saved = (await store.directory.load('p-upn')) as Directory;
    const byName = (n: string) => saved.people.find((p) => p.name === n)!;
    assert.deepEqual(
      saved.people.map((p) => p.id),
      [MORGAN, JAMIE, SAM, LEE, KIM, BO],
    );
    assert.equal(byName('Jamie Reid').lineManagerId, MORGAN, 'a line manager named by address, any case');
    assert.equal(byName('Sam K').lineManagerId, MORGAN);
    assert.deepEqual(saved.partnership.businessOfficeIds, [BO], 'a business office member named by address');
    const stored = JSON.stringify(saved);
    assert.ok(!stored.includes('@') && !stored.includes('"upn'), 'no address and no upn field is stored');

    const sent = graph.requests.slice(before);
    const filters = sent.filter((x) => x.path === '/v1.0/users');
    assert.equal(filters.length, 3, 'the mail filter only for addresses that are no UPN (Jamie, Sam, Lee)');
    for (const f of filters) {
      assert.equal(f.headers.consistencylevel, 'eventual');
      assert.equal(f.query.get('$count'), 'true');
    }
    assert.ok(
      sent.some((x) => x.path === '/v1.0/users/kim_la.example#EXT#@host.onmicrosoft.com' && x.status === 200),
      'a guest UPN is read directly (its # escaped in the path)',
    );
  });

  it('names the line of an unknown and an ambiguous address, and imports nothing', async () => {
    const rows = [
      ...ROWS.map((l) => l.replace('p-upn', 'p-bad')),
      'person,,nobody@nowhere.example,No Body,health,practitioner,,,', // 11
      'person,,duty@agency.example,Duty Desk,health,practitioner,,,', // 12
    ];
    const r = await cli(['directory', 'import', file('bad.csv', rows.join('\n'))], graphOn);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /line 11: nobody@nowhere\.example not found in the host tenant: invite them as a guest first/,
    );
    assert.match(r.err, /line 12: duty@agency\.example matches 2 accounts in the host tenant/);
    assert.match(
      r.out,
      /line 6: jamie\.reid@nhs\.example resolved to /,
      'the rows that resolved are reported',
    );
    assert.equal(await store.directory.load('p-bad'), null, 'nothing imported');
  });

  it('--resolve-upn checks rows that give an id too; a mismatch is refused', async () => {
    const ok = await cli(
      ['directory', 'validate', '--resolve-upn', file('check.csv', ROWS.join('\n'))],
      graphOn,
    );
    assert.equal(ok.code, 0, ok.err);
    assert.ok(ok.out.includes(`line 10: bo@host.example resolved to ${BO}`), ok.out);
    const wrong = ROWS.map((l) => l.replace(BO, id(99)));
    const r = await cli(
      ['directory', 'validate', '--resolve-upn', file('wrong.csv', wrong.join('\n'))],
      graphOn,
    );
    assert.equal(r.code, 1);
    assert.ok(
      r.err.includes(`line 10: bo@host.example is ${BO} in the host tenant, but the row's id is ${id(99)}`),
      r.err,
    );
  });

  it('without Graph: validate says who is waiting for a look-up; import refuses and says how to look them up', async () => {
    const csv = file('nograph.csv', ROWS.join('\n'));
    const v = await cli(['directory', 'validate', csv], null);
    assert.equal(v.code, 0, v.err);
    assert.match(v.out, /5 people have no object id yet: looked up in Microsoft Graph at import/);
    const before = graph.requests.length;
    const r = await cli(['directory', 'import', csv], null);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /line 5: no object id for morgan\.lee@host\.example: give it in the id column, or look it up/,
    );
    assert.equal(graph.requests.length, before, 'Graph is not called');
  });

  it('a refused token stops the look-ups at the first row, with what the identity needs', async () => {
    const before = graph.requests.length;
    const wrong = {
      getToken: () => Promise.resolve({ token: 'wrong', expiresOnTimestamp: Date.now() + 60_000 }),
    };
    const r = await cli(['directory', 'import', file('refused.csv', ROWS.join('\n'))], () =>
      Promise.resolve(users(Object.assign(wrong, { asked: 0 }))),
    );
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /line 5: morgan\.lee@host\.example could not be looked up: Microsoft Graph refused \(401 InvalidAuthenticationToken\): the identity needs the User\.Read\.All application permission/,
    );
    assert.equal(graph.requests.length - before, 1, 'one request, not one per row');
  });

  it('a JSON file may name people by upn too', async () => {
    const json = {
      partnership: {
        id: 'p-json',
        name: 'JSON Partnership',
        nation: 'england-and-wales',
        businessOfficeIds: ['MORGAN.LEE@host.example'],
        strategicLeadIds: [],
      },
      agencies: [{ id: 'health', name: 'Community Health', escalationManagerId: 'morgan.lee@host.example' }],
      people: [
        { upn: 'morgan.lee@host.example', name: 'Morgan Lee', agencyId: 'health', role: 'manager' },
        {
          upn: 'jamie.reid@nhs.example',
          name: 'Jamie Reid',
          agencyId: 'health',
          role: 'practitioner',
          lineManagerId: 'morgan.lee@host.example',
        },
      ],
    };
    const r = await cli(['directory', 'import', file('people.json', JSON.stringify(json))], graphOn);
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.includes(`people[1]: jamie.reid@nhs.example resolved to ${JAMIE} (guest)`), r.out);
    const saved = (await store.directory.load('p-json')) as Directory;
    assert.deepEqual(saved.partnership.businessOfficeIds, [MORGAN]);
    assert.equal(saved.agencies[0]!.escalationManagerId, MORGAN);
    assert.equal(saved.people[1]!.lineManagerId, MORGAN);
    assert.ok(!JSON.stringify(saved).includes('@'));
  });

  it('logs Graph calls by route and status, never an address (Graph’s own error messages echo them)', () => {
    const entries = log.since(0).filter((e) => e.event === 'graph');
    assert.ok(entries.some((e) => e.route === 'users.filter' && e.status === 200));
    assert.ok(entries.some((e) => e.route === 'users.get' && e.status === 404));
    const text = log.text();
    for (const a of ADDRESSES) assert.ok(!text.toLowerCase().includes(a.toLowerCase()), a);
    assert.ok(!text.includes('@'), 'no address of any kind');
    assert.ok(!/does not exist/.test(text), 'no Graph error message');
  });
});
