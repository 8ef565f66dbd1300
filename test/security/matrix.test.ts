/**
 * The role × action matrix, exhaustively and through the decider: for every capacity and every action, a
 * person holding exactly that capacity attempts the action on a case where it could succeed, and it is
 * accepted if and only if the policy table (PERMISSIONS) says so. Pure: decide() with `now` passed in, no
 * server. (readmeMatrix.test.ts keeps the README's copy of the table in step.)
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
import { testDirectory } from '../support/directory';

type CaseAction = Exclude<keyof typeof PERMISSIONS, 'view'>;

// ---------------------------------------------------------------------------------------------------------
// The policy table is the oracle: what it allows, the decider must accept, and nothing else.

/** Commands only the scheduler may send (deadlines and reminders). */
const SCHEDULER_ONLY = new Set(
  Object.entries(PERMISSIONS)
    .filter(([, caps]) => caps.length === 1 && caps[0] === 'system')
    .map(([action]) => action),
);

/** What the policy table allows a holder of `caps` to do. */
function tableAllows(action: CaseAction | 'view', caps: ReadonlySet<Capacity>): boolean {
  return PERMISSIONS[action].some((k) => caps.has(k));
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
  actionReminderDue: new Date('2026-12-19T12:00:00.000Z'), // the action due Sun 20 Dec is reminded Fri 18 Dec
  actionOverdue: new Date('2026-12-21T12:00:00.000Z'),
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
          // 2 working days until a participant sets a shorter timescale for the case (setCaseLimit)
          limit: {
            lesserOf: [
              { workingDays: 2 },
              {
                setForCase: {
                  field: 'protective',
                  label: 'a protective timescale',
                  min: 1,
                  max: 5,
                  unit: 'workingDays',
                },
              },
            ],
          },
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
    theme: 'threshold',
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
  if (
    action === 'completeAction' ||
    action === 'closeActions' ||
    action === 'actionReminderDue' ||
    action === 'actionOverdue'
  )
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
  // escalating by hand needs a discussion recorded at the stage
  if (['approveOutcome', 'rejectOutcome', 'nameApprover', 'requestEscalation'].includes(action))
    c = run(c, RAISER, COMMAND.recordDiscussion(undefined), NOW, directory);
  if (action === 'approveOutcome' || action === 'rejectOutcome' || action === 'nameApprover')
    c = run(c, RAISER, { type: 'requestEscalation', evidence: '' }, NOW, directory);
  if (action === 'nameApprover' && c.status === 'open' && c.stage.pending)
    c = {
      ...c,
      stage: { ...c.stage, pending: { ...c.stage.pending, approverIds: [], awaitingApprover: true } },
    };
  if (action === 'closeActions' || action === 'actionReminderDue' || action === 'actionOverdue')
    c = run(c, RAISER, COMMAND.agreePlan(undefined), NOW, directory);
  if (action === 'agreeResolution' || action === 'declineResolution')
    c = run(c, OTHER, { type: 'proposeResolution', summary: 'Agreed.', actions: [] }, NOW, directory);
  if (action === 'clearImminentRisk' && c.status === 'open') c = { ...c, imminentRisk: true };
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
  proposeResolution: () => ({ type: 'proposeResolution', summary: 'Agreed: joint visit.', actions: [] }),
  agreeResolution: () => ({ type: 'agreeResolution' }),
  declineResolution: () => ({ type: 'declineResolution', reason: 'Not what we agreed.' }),
  nameApprover: () => ({ type: 'nameApprover', personId: 'csc-seniorManager' }),
  setImminentRisk: () => ({ type: 'setImminentRisk', reason: 'Child left alone overnight.' }),
  clearImminentRisk: () => ({ type: 'clearImminentRisk', reason: 'Child now placed safely.' }),
  actionReminderDue: () => ({ type: 'actionReminderDue', actionId: 'a1' }),
  actionOverdue: () => ({ type: 'actionOverdue', actionId: 'a1' }),
  closeActions: () => ({ type: 'closeActions', reason: 'No longer needed.' }),
  recordLeadsNotified: () => ({ type: 'recordLeadsNotified' }),
  requestEscalation: () => ({ type: 'requestEscalation', evidence: '' }),
  approveOutcome: () => ({ type: 'approveOutcome' }),
  rejectOutcome: () => ({ type: 'rejectOutcome', reason: 'Not yet: try once more.' }),
  setClockDate: () => ({ type: 'setClockDate', clockId: 'meeting', date: '2026-12-10T10:00:00.000Z' }),
  setCaseLimit: () => ({ type: 'setCaseLimit', field: 'protective', value: 1 }),
  reminderDue: () => ({ type: 'reminderDue', clockId: 'ack' }),
  clockPassed: () => ({ type: 'clockPassed', clockId: 'ack' }),
  capPassed: () => ({ type: 'capPassed' }),
  recordLearningPoints: () => ({ type: 'recordLearningPoints', text: 'Talk earlier.' }),
  offerMediation: () => ({ type: 'offerMediation', meetingAt: null }),
  recordMediationOutcome: () => ({ type: 'recordMediationOutcome', outcome: 'resolved', summary: 'Agreed.' }),
  recordBindingDecision: () => ({ type: 'recordBindingDecision', kind: 'final', text: 'Joint visit.' }),
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

/** Card verbs kept when their command was renamed: "Mark resolved" now proposes a resolution the other side agrees. */
const RENAMED: Record<string, string> = { resolve: 'proposeResolution' };

const REFUSALS = new Set(['NOT_A_PARTICIPANT', 'NOT_ALLOWED', 'NOT_THE_APPROVER']);

describe('role × action matrix (policy table ⇔ decider)', () => {
  describe('the policy table', () => {
    it('gives the scheduler alone its deadlines and reminders, and no person a scheduler’s command', () => {
      assert.deepEqual([...SCHEDULER_ONLY].sort(), [
        'actionOverdue',
        'actionReminderDue',
        'capPassed',
        'clockPassed',
        'reminderDue',
      ]);
      for (const [action, caps] of Object.entries(PERMISSIONS))
        if (!SCHEDULER_ONLY.has(action))
          assert.ok(!caps.includes('system'), `${action} is not the scheduler’s`);
    });

    it('gives every card command verb a row of its own (and none to the scheduler’s commands)', () => {
      const personal = ['setAway', 'clearAway']; // a person's own out-of-office, not a case command
      for (const verb of COMMAND_VERBS) {
        if (personal.includes(verb)) {
          assert.ok(!(verb in PERMISSIONS), `${verb} is a personal setting, not a case action`);
          continue;
        }
        const type = commandFor(verb as Parameters<typeof commandFor>[0], {}, 'p1').type;
        assert.equal(type, RENAMED[verb] ?? verb, `the card verb ${verb} runs the command ${type}`);
        assert.ok(type === 'raise' || type in PERMISSIONS, `no policy row for the card verb ${verb}`);
        assert.ok(!SCHEDULER_ONLY.has(type), `${verb}: a card can send a scheduler-only command`);
      }
    });
  });

  for (const cap of CAPACITIES) {
    describe(`a person who is ${HOLDERS[cap].caps.join(' + ')}`, () => {
      it(`${tableAllows('view', new Set(HOLDERS[cap].caps)) ? 'may' : 'may not'} view the case`, () => {
        const { caps } = holding(cap, 'view');
        const expected = tableAllows('view', caps);
        assert.equal(isAllowed('view', caps), expected);
      });

      for (const action of CASE_ACTIONS) {
        const allowed = tableAllows(action, new Set(HOLDERS[cap].caps));
        it(`${allowed ? 'may' : 'may not'} ${action}`, () => {
          const { c, directory, caps, h } = holding(cap, action);
          assert.equal(isAllowed(action, caps), allowed, 'isAllowed reads the table');
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
