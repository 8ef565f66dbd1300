/**
 * Issue #18 on the card: "a raise can be checked against a window from an outside date: lateness is recorded and
 * shown, never a false alarm"; "discussion kinds the procedure defines (for example 'meeting')" offered on the
 * record-discussion form and carried to the command.
 */
import { strict as assert } from 'node:assert';
import { caseView } from '../../src/bot/cards/caseView';
import { discussion as discussionForm } from '../../src/bot/cards/forms/discussion';
import { expand } from '../../src/bot/cards/render';
import { commandFor } from '../../src/bot/parseAction';
import type { Procedure } from '../../src/domain/procedure/schema';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { cardText } from '../support/botHarness';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';
import { FLOW, MON } from '../domain/rules';

function variant(change: (p: Record<string, any>) => void): Procedure {
  const raw = structuredClone(FLOW) as Record<string, any>;
  change(raw);
  const v = validateProcedure(raw);
  assert.ok(v.ok, v.ok ? '' : v.errors.join(' | '));
  return v.procedure;
}

const WINDOW = variant((p) => {
  p.rules.raiseWithin = { workingDays: 5, of: 'conferenceDate', label: 'the child protection conference' };
});

function cardOf(j: Journey, procedure: Procedure): string {
  const view = caseView({
    c: j.case,
    procedure,
    directory: j.directory,
    viewerId: 'csc-practitioner',
    now: new Date(MON),
    banner: '',
    headline: '',
    refreshUserIds: [],
  });
  return cardText(expand('caseCard', view));
}

function raisedWith(conferenceDate?: string): Journey {
  const j = new Journey(WINDOW, testDirectory());
  j.when(
    'csc-practitioner',
    raiseCommand(WINDOW.id, conferenceDate ? { dates: { conferenceDate } } : {}),
    MON,
  );
  return j;
}

describe('a raise checked against an outside date, on the case card (issue #18)', () => {
  it('given a late raise, then the card says by how much, and that it holds nothing up', () => {
    const text = cardOf(raisedWith('2026-11-20T10:00:00.000Z'), WINDOW);
    assert.match(
      text,
      /Raised late: 6 working days after the procedure’s window \(within 5 working days of the date of the child protection conference \(Fri 20 Nov 2026\), by Fri 27 Nov 2026, 10:00\)\. This is recorded; it does not hold the case up\./,
    );
  });

  it('given a raise in time, then the card says so', () => {
    assert.match(
      cardOf(raisedWith('2026-12-04T10:00:00.000Z'), WINDOW),
      /Raised in time: within 5 working days/,
    );
  });

  it('given no date, or a procedure without the rule, then the card says nothing of it', () => {
    assert.doesNotMatch(cardOf(raisedWith(), WINDOW), /Raised (late|in time)/);
    const j = new Journey(FLOW, testDirectory());
    j.when('csc-practitioner', raiseCommand(FLOW.id), MON);
    assert.doesNotMatch(cardOf(j, FLOW), /Raised (late|in time)/);
  });
});

describe('discussion kinds on the record-discussion form (issue #18)', () => {
  const KINDS = variant((p) => {
    p.discussionKinds = [
      { id: 'meeting', label: 'Strategy meeting' },
      { id: 'call', label: 'Telephone call' },
    ];
  });
  const formFor = (procedure: Procedure) => {
    const j = new Journey(procedure, testDirectory());
    j.when('csc-practitioner', raiseCommand(procedure.id), MON);
    const dir = j.directory;
    return discussionForm({
      ctx: { directory: dir, viewerId: 'csc-practitioner', now: new Date(MON), banner: '' },
      c: j.case,
      procedure,
      stage: procedure.stages[0]!,
      dir,
      owners: [],
      due: '',
    });
  };

  it('given a procedure with kinds, then the form offers them, by label', () => {
    const kind = formFor(KINDS).fields.find((f) => f.id === 'kind');
    assert.ok(kind, 'a kind field');
    assert.deepEqual(kind.choices, [
      { title: 'Strategy meeting', value: 'meeting' },
      { title: 'Telephone call', value: 'call' },
    ]);
  });

  it('given a procedure without kinds (the built-ins), then the form is as before', () => {
    assert.equal(
      formFor(FLOW).fields.some((f) => f.id === 'kind'),
      false,
    );
  });

  it('given a discussion recorded as a kind, then the card’s history names the kind by its label', () => {
    const j = new Journey(KINDS, testDirectory());
    j.when('csc-practitioner', raiseCommand(KINDS.id), MON);
    j.when(
      'csc-practitioner',
      {
        type: 'recordDiscussion',
        heldAt: MON,
        method: 'telephone',
        attendeeIds: ['csc-practitioner', 'health-practitioner'],
        summary: 'Talked it through.',
        outcome: 'unresolved',
        kind: 'meeting',
      },
      MON,
    );
    assert.match(cardOf(j, KINDS), / · by telephone · Strategy meeting · /);
  });

  it('the kind chosen travels to the command; none chosen, none sent', () => {
    const data = {
      heldAtDate: '2026-12-07',
      heldAtTime: '10:00',
      method: 'telephone',
      attendeeIds: 'a,b',
      summary: 'Talked.',
      outcome: 'unresolved',
    };
    const withKind = commandFor('recordDiscussion', { ...data, kind: 'meeting' }, 'p1', new Date(MON));
    assert.equal((withKind as { kind?: string }).kind, 'meeting');
    const without = commandFor('recordDiscussion', data, 'p1', new Date(MON));
    assert.equal('kind' in without, false);
  });
});
