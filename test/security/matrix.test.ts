/**
 * The role × action matrix, exhaustively and through the decider: for every capacity and every action, a
 * person holding exactly that capacity attempts the action on a case where it could succeed, and it is
 * accepted if and only if the README's table says so. Pure: decide() with `now` passed in, no server.
 */
import { strict as assert } from 'node:assert';
import { commandFor } from '../../src/bot/parseAction';
import { COMMAND_VERBS } from '../../src/bot/verbs';
import {
  CAPACITIES,
  capacitiesOf,
  decide,
  evolve,
  isAllowed,
  mayRaise,
  mayReport,
  PERMISSIONS,
  SYSTEM,
  type Capacity,
  type Case,
  type CaseState,
  type Command,
} from '../../src/domain/case';
import type { Directory } from '../../src/domain/directory';
import { DomainError } from '../../src/domain/errors';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { readmeText } from '../domain/readmePending';
import { testDirectory } from '../support/directory';

type CaseAction = Exclude<keyof typeof PERMISSIONS, 'view'>;

// ---------------------------------------------------------------------------------------------------------
// The README is the oracle: its table, and its sentences about the scheduler, raising and reports.

const README = readmeText();
/** The README's prose with line breaks folded, for its sentences. */
const PROSE = README.replace(/\s+/g, ' ');

function readmeMatrix(): { columns: string[]; rows: Map<string, Set<string>> } {
  const lines = README.split('\n');
  const start = lines.findIndex((l) => /^\|\s*action\s*\|/.test(l));
  assert.ok(start >= 0, 'the README has no role × action table');
  const cells = (l: string) =>
    l
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const columns = cells(lines[start]!).slice(1);
  const rows = new Map<string, Set<string>>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [action, ...ticks] = cells(line);
    assert.equal(ticks.length, columns.length, `README row ${action} has ${ticks.length} cells`);
    assert.ok(
      ticks.every((t) => t === '✓' || t === ''),
      `README row ${action}: a cell that is neither ✓ nor empty`,
    );
    rows.set(action!, new Set(columns.filter((_, i) => ticks[i] === '✓')));
  }
  return { columns, rows };
}
const TABLE = readmeMatrix();

/** "Deadlines and reminders (`reminderDue`, `clockPassed`, `capPassed`) can only come from the scheduler." */
const SCHEDULER_ONLY = (() => {
  const m = /Deadlines and reminders \(([^)]*)\) can only come from the scheduler/.exec(PROSE);
  assert.ok(m, 'the README no longer says which commands only the scheduler may send');
  return new Set([...m[1]!.matchAll(/`(\w+)`/g)].map((x) => x[1]!));
})();
const REPORT_SENTENCE = /reports are for the business office and the Chair/;
const RAISE_SENTENCE = /Anyone in the partnership's directory may raise a disagreement/;

/** What the README allows a holder of `caps` to do. */
function readmeAllows(action: string, caps: ReadonlySet<Capacity>): boolean {
  if (SCHEDULER_ONLY.has(action)) return caps.has('system');
  const row = TABLE.rows.get(action);
  assert.ok(row, `the README table has no row for ${action}`);
  return [...caps].some((k) => row.has(k));
}

// ---------------------------------------------------------------------------------------------------------
// A procedure whose first stage records everything, so every action can succeed there when allowed.

const T0 = new Date('2026-12-07T10:00:00.000Z'); // a Monday
const NOW = new Date('2026-12-07T11:00:00.000Z');
/** The scheduler's commands are tried when each is due. */
const DUE_AT: Partial<Record<CaseAction, Date>> = {
  reminderDue: new Date('2026-12-08T11:00:00.000Z'), // the acknowledgement reminder is Tue 10:00
  clockPassed: new Date('2026-12-10T11:00:00.000Z'), // the acknowledgement was due Wed 10:00
  capPassed: new Date('2026-12-31T12:00:00.000Z'), // 10 working days from Mon 7 Dec
};

const RECORDS = {
  discussion: true,
  methods: ['telephone', 'face-to-face'],
  recordOnly: [],
  plan: true,
  actions: true,
  evidenceToEscalate: false,
  learningPoints: true,
  bindingDecision: true,
  mediation: true,
};
const validated = validateProcedure({
  id: 'matrix',
  version: 1,
  title: 'Everything at once',
  publisher: 'tests',
  nation: 'england-and-wales',
  firstStage: 'all',
  stages: [
    {
      id: 'all',
      label: 'Stage 1',
      name: 'Everything',
      involves: ['professionals'],
      expected: 'Anything the procedure knows.',
      clocks: [
        {
          id: 'ack',
          label: 'Acknowledge',
          requirement: 'acknowledgement',
          anchor: { kind: 'stageStart' },
          limit: { workingDays: 2 },
          wording: 'Acknowledge within 2 working days.',
          onPass: 'escalate',
          remindBefore: { workingDays: 1 },
        },
        {
          id: 'meeting',
          label: 'Meet',
          requirement: 'discussion',
          anchor: { kind: 'userDate', field: 'meetingDate', label: 'Meeting date' },
          limit: { workingDays: 5 },
          wording: 'Within 5 working days of the date you give.',
          onPass: 'alert',
        },
      ],
      records: RECORDS,
      approval: 'requesterLineManager',
      notifyBusinessOffice: false,
      next: 'later',
      source: 'test',
    },
    {
      id: 'later',
      label: 'Stage 2',
      name: 'Later',
      involves: ['professionals'],
      expected: 'More of the same.',
      clocks: [],
      records: RECORDS,
      approval: null,
      notifyBusinessOffice: false,
      next: null,
      source: 'test',
    },
  ],
  rules: {
    imminentRisk: null,
    bypass: [{ by: ['escalationManager'], to: 'later', wording: 'Refer when scrutiny is needed.' }],
    cap: { workingDays: 10, wording: 'At most 10 working days overall.' },
    conflictWithOwnManager: null,
    evidenceBeforeEscalating: false,
    supporterAllowed: true,
    preamble: '',
  },
});
if (!validated.ok) throw new Error(`test procedure invalid: ${validated.errors.join('; ')}`);
const procedure = validated.procedure;

/** The test directory plus an outsider (X) who starts with no tie to the case, and someone X manages. */
const X = 'x-outsider';
const X_REPORT = 'x-report';
function baseDirectory(): Directory {
  const dir = testDirectory();
  dir.agencies.push({ id: 'police', name: 'Police' });
  dir.people.push(
    { id: X, name: 'Xan Outsider', agencyId: 'police', role: 'manager' },
    { id: X_REPORT, name: 'Rae Report', agencyId: 'police', role: 'practitioner', lineManagerId: X },
  );
  return dir;
}

const RAISER = 'csc-practitioner';
const OTHER = 'health-practitioner';

function run(state: CaseState, by: string, command: Command, now: Date, directory: Directory): CaseState {
  for (const d of decide(state, command, { now, by, procedure, directory })) state = evolve(state, d);
  return state;
}

function raiseCommand(other: string): Command {
  return {
    type: 'raise',
    caseId: 'matrix-case',
    partnershipId: 'p1',
    procedureId: 'matrix',
    reference: 'MX/1',
    theme: 'Threshold',
    summary: 'A disagreement.',
    otherProfessionalId: other,
    imminentRisk: false,
    conflictWithOwnManager: false,
    supporterId: null,
  };
}

function raised(directory: Directory): Case {
  return run({ status: 'none' }, RAISER, raiseCommand(OTHER), T0, directory) as Case;
}

/** A case on which `action` can succeed for someone allowed to do it. */
function readyFor(action: CaseAction, directory: Directory): Case {
  let c: CaseState = raised(directory);
  if (action === 'completeAction')
    c = run(
      c,
      RAISER,
      {
        type: 'agreePlan',
        text: 'Plan.',
        actions: [{ text: 'Visit.', ownerId: RAISER, dueAt: '2026-12-20T17:00:00.000Z' }],
      },
      NOW,
      directory,
    );
  if (action === 'approveOutcome' || action === 'rejectOutcome')
    c = run(c, RAISER, { type: 'requestEscalation', evidence: '' }, NOW, directory);
  if (action === 'recordMediationOutcome')
    c = run(c, 'lead-1', { type: 'offerMediation', meetingAt: null }, NOW, directory);
  return structuredClone(c as Case);
}

/** The command for each action, as a person holding `ownAction` (if any) would send it. */
const COMMAND: Record<CaseAction, (ownAction: string | undefined) => Command> = {
  // a supporter from the holder's own agency (police), which anyone allowed to add one may choose
  addSupporter: () => ({ type: 'addSupporter', supporterId: X_REPORT }),
  acknowledge: () => ({ type: 'acknowledge' }),
  recordDiscussion: () => ({
    type: 'recordDiscussion',
    heldAt: T0.toISOString(),
    method: 'telephone',
    attendeeIds: [RAISER, OTHER],
    summary: 'Talked it through.',
    outcome: 'unresolved',
  }),
  agreePlan: () => ({ type: 'agreePlan', text: 'A plan.', actions: [] }),
  addAction: () => ({ type: 'addAction', text: 'Call.', ownerId: OTHER, dueAt: '2026-12-20T17:00:00.000Z' }),
  completeAction: (own) => ({ type: 'completeAction', actionId: own ?? 'a1' }),
  resolve: () => ({ type: 'resolve', note: '' }),
  requestEscalation: () => ({ type: 'requestEscalation', evidence: '' }),
  approveOutcome: () => ({ type: 'approveOutcome' }),
  rejectOutcome: () => ({ type: 'rejectOutcome', reason: 'Not yet: try once more.' }),
  setClockDate: () => ({ type: 'setClockDate', clockId: 'meeting', date: '2026-12-10T10:00:00.000Z' }),
  reminderDue: () => ({ type: 'reminderDue', clockId: 'ack' }),
  clockPassed: () => ({ type: 'clockPassed', clockId: 'ack' }),
  capPassed: () => ({ type: 'capPassed' }),
  recordLearningPoints: () => ({ type: 'recordLearningPoints', text: 'Talk earlier.' }),
  offerMediation: () => ({ type: 'offerMediation', meetingAt: null }),
  recordMediationOutcome: () => ({ type: 'recordMediationOutcome', outcome: 'resolved', summary: 'Agreed.' }),
  recordBindingDecision: () => ({ type: 'recordBindingDecision', decision: 'Joint visit.' }),
  referToStage: () => ({ type: 'referToStage', stageId: 'later', reason: 'Scrutiny needed.' }),
  assignParticipant: () => ({ type: 'assignParticipant', agencyId: 'health', personId: 'health-manager' }),
  withdraw: () => ({ type: 'withdraw', reason: 'Raised in error.' }),
};
const CASE_ACTIONS = Object.keys(COMMAND) as CaseAction[];

// ---------------------------------------------------------------------------------------------------------
// Holders: the outsider X given exactly one capacity (or the scheduler itself).

interface Holder {
  who: string;
  /** Capacities the holder ends up with; one, except where the code cannot give one alone (see bypasser). */
  caps: Capacity[];
  ownAction?: string;
  grant(c: Case, dir: Directory): void;
}

const HOLDERS: Record<Capacity, Holder> = {
  system: { who: SYSTEM, caps: ['system'], grant: () => undefined },
  raiser: { who: X, caps: ['raiser'], grant: (c) => void (c.raisedBy = X) },
  participant: {
    who: X,
    caps: ['participant'],
    grant: (c) => void c.stage.participants.push({ personId: X, agencyId: 'police', as: 'professionals' }),
  },
  supporter: { who: X, caps: ['supporter'], grant: (c) => void (c.supporterId = X) },
  approver: {
    who: X,
    caps: ['approver'],
    grant: (c) =>
      void (c.stage.pending = {
        ...(c.stage.pending ?? { outcome: 'escalate', by: RAISER, at: NOW.toISOString(), evidence: null }),
        approverIds: [X],
      }),
  },
  actionOwner: {
    who: X,
    caps: ['actionOwner'],
    ownAction: 'a9',
    grant: (c) =>
      void c.stage.actions.push({
        id: 'a9',
        text: 'Send the chronology.',
        ownerId: X,
        dueAt: '2026-12-20T17:00:00.000Z',
        completedAt: null,
        by: RAISER,
      }),
  },
  // a bypasser is someone at the stage in a role the referral rule names: always a participant as well
  bypasser: {
    who: X,
    caps: ['participant', 'bypasser'],
    grant: (c) =>
      void c.stage.participants.push({ personId: X, agencyId: 'police', as: 'escalationManager' }),
  },
  businessOffice: {
    who: X,
    caps: ['businessOffice'],
    grant: (_c, dir) => void dir.partnership.businessOfficeIds.push(X),
  },
  strategicLead: {
    who: X,
    caps: ['strategicLead'],
    grant: (_c, dir) => void dir.partnership.strategicLeadIds.push(X),
  },
  chair: { who: X, caps: ['chair'], grant: (_c, dir) => void (dir.partnership.chairId = X) },
  involved: {
    who: X,
    caps: ['involved'],
    grant: (c) =>
      void c.history.push({
        ...structuredClone(c.stage),
        participants: [{ personId: X, agencyId: 'police', as: 'professionals' }],
        endedAt: T0.toISOString(),
        endedBecause: 'an earlier stage',
      }),
  },
  managerOfParticipant: {
    who: X,
    caps: ['managerOfParticipant'],
    grant: (c) =>
      void c.stage.participants.push({ personId: X_REPORT, agencyId: 'police', as: 'professionals' }),
  },
};

function holding(cap: Capacity, action: CaseAction | 'view') {
  const directory = baseDirectory();
  const c = readyFor(action === 'view' ? 'acknowledge' : action, directory);
  const h = HOLDERS[cap];
  h.grant(c, directory);
  const caps = capacitiesOf(c, h.who, directory, procedure);
  assert.deepEqual(
    [...caps].sort(),
    [...h.caps].sort(),
    `the ${cap} holder holds exactly ${h.caps.join(' + ')}`,
  );
  return { c, directory, caps, h };
}

const REFUSALS = new Set(['NOT_A_PARTICIPANT', 'NOT_ALLOWED', 'NOT_THE_APPROVER']);

describe('role × action matrix (README table ⇔ policy ⇔ decider)', () => {
  describe('the README table', () => {
    it('has a column for every capacity a person can hold, in order, and a row for every action', () => {
      assert.deepEqual(
        TABLE.columns,
        CAPACITIES.filter((c) => c !== 'system'),
      );
      const human = Object.keys(PERMISSIONS).filter((a) => !SCHEDULER_ONLY.has(a));
      assert.deepEqual([...TABLE.rows.keys()].sort(), human.sort());
      assert.deepEqual([...SCHEDULER_ONLY].sort(), ['capPassed', 'clockPassed', 'reminderDue']);
      for (const a of SCHEDULER_ONLY) assert.deepEqual(PERMISSIONS[a as CaseAction], ['system']);
      assert.match(PROSE, REPORT_SENTENCE);
      assert.match(PROSE, RAISE_SENTENCE);
    });

    it('gives every card command verb a row of its own (and none to the scheduler’s commands)', () => {
      const personal = ['setAway', 'clearAway']; // a person's own out-of-office, not a case command
      for (const verb of COMMAND_VERBS) {
        if (personal.includes(verb)) {
          assert.ok(!(verb in PERMISSIONS), `${verb} is a personal setting, not a case action`);
          continue;
        }
        const type = commandFor(verb as Parameters<typeof commandFor>[0], {}, 'p1').type;
        assert.equal(type, verb, `the card verb ${verb} runs the command ${type}`);
        assert.ok(type === 'raise' || TABLE.rows.has(type), `no README row for the card verb ${verb}`);
        assert.ok(!SCHEDULER_ONLY.has(type), `${verb}: a card can send a scheduler-only command`);
      }
    });
  });

  for (const cap of CAPACITIES) {
    describe(`a person who is ${HOLDERS[cap].caps.join(' + ')}`, () => {
      it(`${readmeAllows('view', new Set(HOLDERS[cap].caps)) ? 'may' : 'may not'} view the case`, () => {
        const { caps } = holding(cap, 'view');
        const expected = readmeAllows('view', caps);
        assert.equal(isAllowed('view', caps), expected);
      });

      for (const action of CASE_ACTIONS) {
        const allowed = readmeAllows(action, new Set(HOLDERS[cap].caps));
        it(`${allowed ? 'may' : 'may not'} ${action}`, () => {
          const { c, directory, caps, h } = holding(cap, action);
          assert.equal(isAllowed(action, caps), allowed, 'the policy says what the README says');
          const now = DUE_AT[action] ?? NOW;
          const before = JSON.stringify(c);
          let events: unknown[] = [];
          let refused: unknown;
          try {
            events = decide(c, COMMAND[action](h.ownAction), { now, by: h.who, procedure, directory });
          } catch (e) {
            refused = e;
          }
          assert.equal(JSON.stringify(c), before, 'decide never changes the state it is given');
          if (allowed) {
            assert.equal(refused, undefined, `refused: ${String(refused)}`);
            assert.ok(events.length > 0, 'accepted, with at least one event');
          } else {
            assert.ok(refused instanceof DomainError, `not refused: ${JSON.stringify(events)}`);
            assert.ok(REFUSALS.has(refused.code), `refused for the wrong reason: ${refused.code}`);
          }
        });
      }

      it(`${cap === 'businessOffice' || cap === 'chair' ? 'may' : 'may not'} see reports or export the audit trail`, () => {
        const { directory, h } = holding(cap, 'view');
        assert.equal(mayReport(h.who, directory), cap === 'businessOffice' || cap === 'chair');
      });
    });
  }

  it('lets an action owner who is not a participant complete only their own action', () => {
    const { c, directory, h } = holding('actionOwner', 'completeAction');
    const others = () =>
      decide(c, COMMAND.completeAction('a1'), { now: NOW, by: h.who, procedure, directory });
    assert.throws(others, (e: unknown) => e instanceof DomainError && e.code === 'NOT_ALLOWED');
    const own = decide(c, COMMAND.completeAction('a9'), { now: NOW, by: h.who, procedure, directory });
    assert.deepEqual(
      own.map((d) => d.event),
      [{ type: 'ActionCompleted', actionId: 'a9' }],
    );
  });

  it('lets anyone in the directory raise, and nobody else', () => {
    const directory = baseDirectory();
    const ctx = (by: string) => ({ now: NOW, by, procedure, directory });
    for (const p of directory.people) {
      assert.equal(mayRaise(p.id, directory), true, p.id);
      const other = p.agencyId === 'health' ? RAISER : OTHER;
      assert.ok(decide({ status: 'none' }, raiseCommand(other), ctx(p.id)).length > 0, p.id);
    }
    for (const who of [SYSTEM, 'not-in-directory', '']) {
      assert.equal(mayRaise(who, directory), false, who);
      assert.throws(
        () => decide({ status: 'none' }, raiseCommand(OTHER), ctx(who)),
        (e: unknown) => e instanceof DomainError && e.code === 'NOT_IN_DIRECTORY',
      );
    }
  });
});
