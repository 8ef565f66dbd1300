/**
 * Refused input over HTTP: every problem is named with its field's label and the reason, at the top and under the
 * input it is about; dates can be typed; pickers say who people are. Issue #17, "validation" and "forms".
 */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { formView } from '../../src/bot/cards/forms';
import { expand } from '../../src/bot/cards/render';
import { commandFor, readDate } from '../../src/bot/parseAction';
import { BUILTIN_PROCEDURES, builtinProcedure } from '../../src/domain/procedure/builtin';
import { cardText, choicesOf, raiseData, startHarness, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';

type Node = Record<string, unknown>;

function walk(n: unknown, visit: (o: Node) => void): void {
  if (Array.isArray(n)) n.forEach((x) => walk(x, visit));
  else if (n && typeof n === 'object') {
    visit(n as Node);
    Object.values(n).forEach((x) => walk(x, visit));
  }
}

/** Every input on a card. */
function inputs(card: unknown): Node[] {
  const out: Node[] = [];
  walk(card, (o) => typeof o.type === 'string' && o.type.startsWith('Input.') && out.push(o));
  return out;
}

/** The input with this id, and what is drawn in red under it (the Attention text in the field's own container). */
function field(card: unknown, id: string): { input: Node; error: string } {
  let found: { input: Node; error: string } | undefined;
  walk(card, (o) => {
    const items = Array.isArray(o.items) ? (o.items as Node[]) : [];
    const input = items.find((x) => x.id === id && String(x.type).startsWith('Input.'));
    if (!input) return;
    const error = items.filter((x) => x.type === 'TextBlock' && x.color === 'Attention').map((x) => x.text);
    found = { input, error: error.join(' ') };
  });
  assert.ok(found, `the form has an input ${id}`);
  return found;
}

/** The notice at the top of a form (the attention container). */
function notice(card: unknown): string {
  let text = '';
  walk(card, (o) => {
    if (o.style === 'attention' && Array.isArray(o.items) && !text)
      text = String((o.items as Node[])[0]?.text);
  });
  return text;
}

/** Every red line on a card: each must sit under an input (no error on nothing). */
function redLines(card: unknown): number {
  let n = 0;
  walk(card, (o) => {
    if (o.type === 'TextBlock' && o.color === 'Attention') n++;
  });
  return n;
}

describe('validation and forms (HTTP in, fake Bot Connector out)', function () {
  this.timeout(120_000);
  let h: Harness;
  let caseId = '';
  let n = 0;

  before(async () => {
    h = await startHarness(); // Monday 7 December 2026, 10:00 London
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.cscManager]) await h.install(p);
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    caseId = `0a11da7e-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    assert.equal(
      (await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, 'CSC/2026/0042'))).status,
      200,
    );
    await h.settle();
    await h.invoke(DEMO.jamie, 'acknowledge', { caseId, v: await v() });
  });

  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;
  const v = async () => (await doc()).version;

  it('an action with a past due date: the notice names "Due date" and why, and the error is under that input', async () => {
    const form = await h.invoke(DEMO.priya, 'openAction', { caseId, v: await v() });
    assert.equal(field(form.card, 'actionDue').input.label, 'Due date');
    const r = await h.invoke(DEMO.priya, 'addAction', {
      caseId,
      v: await v(),
      actionText: 'Share the last three contacts',
      actionOwner: DEMO.jamie,
      actionDue: '01/12/2026',
    });
    assert.match(cardText(r.card), /Add an agreed action/, 'the form comes back');
    assert.equal(
      notice(r.card),
      'Please correct 1 field: Due date — must be today or later: an action is due by 5pm on its date.',
    );
    const due = field(r.card, 'actionDue');
    assert.equal(due.error, 'Must be today or later: an action is due by 5pm on its date.');
    assert.equal(due.input.value, '01/12/2026', 'what was typed is kept');
    assert.equal(redLines(r.card), 1, 'the one error, under its input');
    assert.deepEqual((await doc()).state.stage.actions, [], 'nothing was added');
  });

  it('a plan whose third action has a date that cannot be read: the error is on that row, not the first', async () => {
    const r = await h.invoke(DEMO.priya, 'agreePlan', {
      caseId,
      v: await v(),
      plan: 'Health shares the contacts; we meet again next week.',
      action0Text: '',
      action2Text: 'Meet again',
      action2Owner: DEMO.priya,
      action2Due: '31/02/2027',
    });
    assert.equal(
      notice(r.card),
      'Please correct 1 field: Action 3: due date — enter a date as DD/MM/YYYY, for example 07/12/2026.',
    );
    assert.equal(field(r.card, 'action2Due').error, 'Enter a date as DD/MM/YYYY, for example 07/12/2026.');
    assert.equal(field(r.card, 'action0Due').error, '');
    assert.equal(redLines(r.card), 1);
  });

  it('a discussion with no summary and a date that cannot be read: both named, each under its input', async () => {
    const r = await h.invoke(DEMO.priya, 'recordDiscussion', {
      caseId,
      v: await v(),
      heldAtDate: '31/02/2026',
      heldAtTime: '09:30',
      method: 'telephone',
      attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
      summary: '',
      outcome: 'unresolved',
    });
    assert.equal(
      notice(r.card),
      'Please correct 2 fields: Date held — enter a date as DD/MM/YYYY, for example 07/12/2026. Summary — required.',
    );
    assert.equal(field(r.card, 'summary').error, 'Required.');
    assert.equal(field(r.card, 'heldAtDate').error, 'Enter a date as DD/MM/YYYY, for example 07/12/2026.');
    assert.equal(redLines(r.card), 2);
    assert.doesNotMatch(cardText(r.card), /highlighted/);
  });

  it('dates are typed: DD/MM/YYYY, day-month-year with other separators, and "today"', async () => {
    const r = await h.invoke(DEMO.priya, 'recordDiscussion', {
      caseId,
      v: await v(),
      heldAtDate: '7/12/2026',
      heldAtTime: '09:30',
      method: 'telephone',
      attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
      summary: 'Talked it through by phone.',
      outcome: 'unresolved',
    });
    assert.equal(r.status, 200);
    assert.equal((await doc()).state.stage.discussions[0]?.heldAt, '2026-12-07T09:30:00.000Z');
    for (const [typed, dueAt] of [
      ['today', '2026-12-07T17:00:00.000Z'],
      ['25-12-2026', '2026-12-25T17:00:00.000Z'],
      ['5.1.27', '2027-01-05T17:00:00.000Z'],
    ]) {
      await h.invoke(DEMO.priya, 'addAction', {
        caseId,
        v: await v(),
        actionText: `Due ${typed}`,
        actionOwner: DEMO.jamie,
        actionDue: typed,
      });
      const added = (await doc()).state.stage.actions.find((a) => a.text === `Due ${typed}`);
      assert.equal(added?.dueAt, dueAt, typed);
    }
  });

  it('date fields are text boxes that start at a sensible date: today for a discussion, 5 working days for an action', async () => {
    const discussion = await h.invoke(DEMO.priya, 'openDiscussion', { caseId, v: await v() });
    const held = field(discussion.card, 'heldAtDate').input;
    assert.equal(held.type, 'Input.Text');
    assert.equal(held.placeholder, 'DD/MM/YYYY');
    assert.equal(held.value, '07/12/2026');
    const plan = await h.invoke(DEMO.priya, 'openPlan', { caseId, v: await v() });
    for (const row of [0, 1, 2]) assert.equal(field(plan.card, `action${row}Due`).input.value, '14/12/2026');
    assert.match(cardText(plan.card), /Filled in as 5 working days from today/);
  });

  it('every input has a label, and the person pickers say "Name — Role, Agency"', async () => {
    await h.message(DEMO.priya, 'raise');
    const sent = h.connector.sentTo(`a:personal-${DEMO.priya}`);
    const raise = h.connector.cards(sent[sent.length - 1]!)[0]!;
    const others = choicesOf(raise, 'otherProfessionalId').map((c) => c.title);
    assert.ok(others.includes('Jamie Reid — Practitioner, Community Health (NHS)'), others.join('; '));
    assert.ok(others.includes('Aisha Khan — Manager, Community Health (NHS)'));
    const plan = await h.invoke(DEMO.priya, 'openPlan', { caseId, v: await v() });
    assert.ok(
      choicesOf(plan.card, 'action0Owner').some(
        (c) => c.title === "Priya Shah — Practitioner, Children's Social Care",
      ),
    );
    const forms = [raise];
    for (const verb of [
      'openDiscussion',
      'openPlan',
      'openAction',
      'openEscalate',
      'openWithdraw',
      'openResolve',
    ]) {
      const card = (await h.invoke(DEMO.priya, verb, { caseId, v: await v() })).card;
      assert.ok(inputs(card).length > 0, `${verb} shows a form`);
      forms.push(card);
    }
    forms.push((await h.invoke(DEMO.cscManager, 'openAway', {})).card);
    let count = 0;
    for (const card of forms)
      for (const i of inputs(card)) {
        count++;
        assert.ok(typeof i.label === 'string' && i.label.trim(), `${String(i.id)} has a label`);
      }
    assert.ok(count > 30, `${count} inputs checked`);
  });

  it('out of office: dates typed, and a date that cannot be read is named', async () => {
    const form = await h.invoke(DEMO.cscManager, 'openAway', {});
    assert.equal(field(form.card, 'from').input.value, '07/12/2026');
    const bad = await h.invoke(DEMO.cscManager, 'setAway', {
      delegateId: DEMO.cscSenior,
      from: 'today',
      to: '40/12/2026',
    });
    assert.equal(
      notice(bad.card),
      'Please correct 1 field: Last day away — enter a date as DD/MM/YYYY, for example 07/12/2026.',
    );
    assert.equal(field(bad.card, 'to').error, 'Enter a date as DD/MM/YYYY, for example 07/12/2026.');
    const ok = await h.invoke(DEMO.cscManager, 'setAway', {
      delegateId: DEMO.cscSenior,
      from: 'today',
      to: '3/1/2027',
    });
    assert.match(cardText(ok.card), /From Mon 7 Dec 2026 to Sun 3 Jan 2027, Helen Moss receives/);
  });
});

describe('reading a typed date', () => {
  it('a meeting date typed but unreadable is sent on as not a date, so it is refused rather than dropped', () => {
    const cmd = commandFor('offerMediation', { meetingDate: '31/02/2027', meetingTime: '10:00' }, 'demo');
    assert.equal(cmd.type, 'offerMediation');
    const at = (cmd as { meetingAt: string | null }).meetingAt;
    assert.ok(at !== null && Number.isNaN(new Date(at).getTime()), String(at));
    const none = commandFor('offerMediation', { meetingDate: ' ', meetingTime: '10:00' }, 'demo');
    assert.equal((none as { meetingAt: string | null }).meetingAt, null, 'no date: no meeting date');
  });

  const today = '2026-12-07';
  for (const [typed, read] of [
    ['25/12/2026', '2026-12-25'],
    [' 25-12-2026 ', '2026-12-25'],
    ['25.12.2026', '2026-12-25'],
    ['1/2/2027', '2027-02-01'],
    ['25/12/26', '2026-12-25'],
    ['2026-12-25', '2026-12-25'],
    ['Today', today],
    ['29/02/2028', '2028-02-29'],
    ['29/02/2027', ''],
    ['12/25/2026', ''],
    ['31/04/2027', ''],
    ['25 December 2026', ''],
    ['', ''],
  ] as const)
    it(`"${typed}" → ${read || 'not a date'}`, () => assert.equal(readDate(typed, today), read));
});

describe('a field error shows under every kind of input', () => {
  const NOW = new Date('2026-12-07T10:00:00.000Z');
  const directory = testDirectory();
  const procedure = builtinProcedure('conflict-resolution-flowchart')!;
  const j = new Journey(procedure, directory);
  j.when('csc-practitioner', raiseCommand(procedure.id, { theme: 'threshold' }), '2026-12-07T09:00:00.000Z');
  const base = { directory, viewerId: 'csc-practitioner', now: NOW, banner: '' };

  for (const [kind, id, type] of [
    ['raise', 'procedureId', 'radio'],
    ['raise', 'otherProfessionalId', 'choice'],
    ['raise', 'reference', 'text'],
    ['raise', 'summary', 'multiline'],
    ['raise', 'imminentRisk', 'toggle'],
    ['discussion', 'heldAtDate', 'date'],
    ['discussion', 'heldAtTime', 'time'],
    ['discussion', 'attendeeIds', 'multichoice'],
  ] as const)
    it(`${type}: ${id} on the ${kind} form`, () => {
      const errors = { [id]: 'Something is wrong here.' };
      const view =
        kind === 'raise'
          ? formView(kind, { ...base, procedures: [...BUILTIN_PROCEDURES], errors })
          : formView(kind, { ...base, c: j.case, procedure, errors });
      const f = (view.fields as { id: string; kind: string; label: string }[]).find((x) => x.id === id)!;
      assert.equal(f.kind, type);
      const card = expand('formCard', view);
      assert.equal(field(card, id).error, 'Something is wrong here.');
      assert.equal(notice(card), `Please correct 1 field: ${f.label} — something is wrong here.`);
    });

  it('a problem with no input of its own is still named in the notice, and nothing is drawn in red', () => {
    const card = expand(
      'formCard',
      formView('plan', {
        ...base,
        c: j.case,
        procedure,
        errors: { actions: 'At most 20 actions.' },
        notice: 'Please correct the highlighted fields.',
      }),
    );
    assert.equal(notice(card), 'Agreed actions — at most 20 actions.');
    assert.equal(redLines(card), 0);
  });
});
