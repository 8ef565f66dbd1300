/**
 * Tampered card actions through the real HTTP edge, generated from tables over every command verb:
 * none is accepted, nothing is written or sent, the answer explains, and every refusal leaves an audit record.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import sinon from 'sinon';
import type { CaseDoc } from '../../src/app/caseDocument';
import { COMMAND_VERBS, isVerb, type CommandVerb, type ViewVerb } from '../../src/bot/verbs';
import { capacitiesOf, isAllowed, verifyChain } from '../../src/domain/case';
import type { Directory } from '../../src/domain/directory';
import type { ErrorCode } from '../../src/domain/errors';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { StoreUnavailableError } from '../../src/app/errors';
import { cardText, startHarness, TENANT, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';
import { MemoryLog, WARN, type LogEntry } from '../support/memoryLog';

/** Planted in every free-text field of every forged payload: it must never reach a log line. */
const FORGED = 'FORGED-TEXT-7c1e';
const EVIDENCE = 'Two telephone calls and a meeting this week; we could not agree on the threshold.';
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

/** Fixture cases (see `before`). */
const A = 'a0000000-7a3e-4000-8000-00000000000a'; // stage 1, an escalation waiting for Tom's approval
const B = 'b0000000-7a3e-4000-8000-00000000000b'; // moved on to stage 2 since `oldB`
const C = 'c0000000-7a3e-4000-8000-00000000000c'; // someone else's case (Sam ↔ Jamie, BSCP)
const D = 'd0000000-7a3e-4000-8000-00000000000d'; // withdrawn
const E = 'e0000000-7a3e-4000-8000-00000000000e'; // agreed actions owned by Ellie (a1) and Jamie (a2)
const FIXTURES = [A, B, C, D, E];
const v = { A: 0, B: 0, oldB: 0, C: 0, D: 0, E: 0 };

/** A well-formed payload for each case command, so that only the tampering is wrong with it. */
const PAYLOAD: Partial<Record<CommandVerb, () => Record<string, unknown>>> = {
  raise: () => ({
    procedureId: 'conflict-resolution-flowchart',
    otherProfessionalId: DEMO.jamie,
    reference: 'CSC/2026/7099', // fits the demo's CSC format: only the tampering is wrong
    theme: `${FORGED} theme`,
    summary: `${FORGED} summary`,
  }),
  acknowledge: () => ({}),
  recordDiscussion: () => ({
    heldAtDate: '2026-12-07',
    heldAtTime: '09:00',
    method: 'telephone',
    attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
    summary: `${FORGED} discussion`,
    outcome: 'resolved',
  }),
  agreePlan: () => ({
    plan: `${FORGED} plan`,
    action0Text: `${FORGED} action`,
    action0Owner: DEMO.jamie,
    action0Due: '2026-12-20',
  }),
  addAction: () => ({ actionText: `${FORGED} action`, actionOwner: DEMO.jamie, actionDue: '2026-12-20' }),
  completeAction: () => ({ actionId: 'a1' }),
  resolve: () => ({ note: `${FORGED} note` }),
  requestEscalation: () => ({ evidence: `${FORGED} ${EVIDENCE}` }),
  approveOutcome: () => ({}),
  rejectOutcome: () => ({ reason: `${FORGED} reason` }),
  recordLearningPoints: () => ({ learningPoints: `${FORGED} learning` }),
  offerMediation: () => ({ meetingDate: '2026-12-20', meetingTime: '10:00' }),
  recordMediationOutcome: () => ({ outcome: 'resolved', summary: `${FORGED} mediation` }),
  recordBindingDecision: () => ({ decision: `${FORGED} decision` }),
  referToStage: () => ({ stageId: 'stage-4', reason: `${FORGED} reason` }),
  withdraw: () => ({ reason: `${FORGED} reason` }),
  assignParticipant: () => ({ agencyId: 'csc', personId: DEMO.ellie }),
  addSupporter: () => ({ supporterId: DEMO.ellie }),
  agreeResolution: () => ({}),
  declineResolution: () => ({ reason: `${FORGED} reason` }),
  nameApprover: () => ({ personId: DEMO.cscManager }),
  setImminentRisk: () => ({ reason: `${FORGED} reason` }),
  clearImminentRisk: () => ({ reason: `${FORGED} reason` }),
  closeActions: () => ({ reason: `${FORGED} reason` }),
  recordLeadsNotified: () => ({}),
  setCaseLimit: () => ({ field: 'protective', value: '1' }),
  setClockDate: () => ({ clockId: 'before-conference', date: '10/12/2026', time: '09:00' }),
};
/** Command verbs that act on the sender's own settings, not on a case. */
const PERSONAL_VERBS: readonly string[] = ['setAway', 'clearAway'];
const CASE_VERBS = COMMAND_VERBS.filter((verb) => PAYLOAD[verb] !== undefined);
const AFTER_RAISE = CASE_VERBS.filter((verb) => verb !== 'raise');

/** Who would plausibly send each verb on case A: the tampering, not the sender, is what must be refused. */
const ACTOR: Partial<Record<CommandVerb, string>> = {
  raise: DEMO.priya,
  acknowledge: DEMO.jamie,
  recordDiscussion: DEMO.priya,
  agreePlan: DEMO.priya,
  addAction: DEMO.priya,
  completeAction: DEMO.priya,
  resolve: DEMO.priya,
  requestEscalation: DEMO.jamie,
  approveOutcome: DEMO.cscManager,
  rejectOutcome: DEMO.cscManager,
  recordLearningPoints: DEMO.grace,
  offerMediation: DEMO.lead,
  recordMediationOutcome: DEMO.lead,
  recordBindingDecision: DEMO.chair,
  referToStage: DEMO.healthHead,
  withdraw: DEMO.priya,
  assignParticipant: DEMO.grace,
  addSupporter: DEMO.priya,
  agreeResolution: DEMO.priya,
  declineResolution: DEMO.priya,
  nameApprover: DEMO.grace,
  setImminentRisk: DEMO.priya,
  clearImminentRisk: DEMO.grace,
  closeActions: DEMO.grace,
  recordLeadsNotified: DEMO.grace,
};
const actor = (verb: CommandVerb) => ACTOR[verb] ?? DEMO.priya;

/** Views that show one case. */
const CASE_VIEW_VERBS: ViewVerb[] = [
  'refresh',
  'openCase',
  'openTimeline',
  'openDiscussion',
  'openPlan',
  'openAction',
  'openEscalate',
  'openReject',
  'openLearning',
  'openMediation',
  'openMediationOutcome',
  'openDecision',
  'openWithdraw',
  'openRefer',
  'openAssign',
  'openSupporter',
  'openResolve',
  'openDecline',
  'openSetRisk',
  'openClearRisk',
  'openCloseActions',
  'openNameApprover',
];

const SUCCESS_NOTICES = new Set([
  'Raised. The other professional has been told.',
  'Acknowledged.',
  'Discussion recorded.',
  'Plan recorded.',
  'Action added.',
  'Action marked done.',
  'Escalation requested.',
  'Approved.',
  'Rejected; the professional has been told.',
  'Marked resolved.',
  'Resolution proposed. The other agencies at this stage have been asked to agree.',
  'You agreed to the resolution.',
  'Resolution declined; the person who proposed it has been told.',
  'Approver named; they have been asked to approve.',
  'Imminent risk of harm recorded; urgent timescales apply and the business office has been told.',
  'Imminent risk cleared; the normal timescales apply again.',
  'Outstanding actions closed.',
  'Recorded that the Strategic Leads have been notified.',
  'Withdrawn; everyone involved has been told.',
  'Saved.',
]);

const M = {
  notInvolved: /You are not involved in this case/,
  exists: /A case with this id already exists/,
  role: /Your role at this stage does not allow this/,
  notApprover: /Only the manager asked to approve this outcome can approve or reject it/,
  stale: /This case has changed since this card was shown/,
  noVersion: /This card is missing its version/,
  noCase: /There is no such case\./,
  noVisibleCase: /There is no such case that you can see/,
  notNamed: /This card does not name a case/,
  automatic: /An automatic card refresh cannot change a case/,
  unknownVerb: /This card asked for something the bot does not know/,
  closed: /This case is closed \(withdrawn\)/,
  tooLong: /Must be at most/,
  notRecorded: /is not part of|asks for no|has no supporter role/,
  pending: /An outcome is already waiting for approval/,
  tryAgain: /nothing was changed/i,
};

type Outcome = ErrorCode | 'StoreUnavailableError' | 'Error';

interface Forgery {
  name: string;
  who: string;
  verb: unknown;
  data: () => unknown;
  expect: RegExp;
  code: Outcome;
  trigger?: 'manual' | 'automatic';
  /** Send from another tenant: the value of channelData.tenant.id (undefined: no tenant at all). */
  tenant?: { id: unknown };
  /** A case id that must still not exist afterwards. */
  absent?: string;
  /** Make the store fail while this request is handled. */
  storeFails?: Error;
}

const rows: Forgery[] = [];
const add = (category: string, f: Forgery) => rows.push({ ...f, name: `${category}: ${f.name}` });
const payload = (verb: CommandVerb, caseId: string, version?: unknown): Record<string, unknown> => {
  const d: Record<string, unknown> = { ...PAYLOAD[verb]!(), caseId };
  if (version !== undefined) d.v = version;
  return d;
};

// 1. Someone who is not on the case (same agency as the raiser), from a third agency, and the other agency's manager
for (const [label, who] of [
  ['a colleague not on the case', DEMO.ellie],
  ['someone from an agency not in the case', DEMO.policeManager],
] as const)
  for (const verb of CASE_VERBS)
    add('wrong user', {
      name: `${verb} by ${label}`,
      who,
      verb,
      data: () => payload(verb, A, v.A),
      // someone who may not see a case is told nothing of it: the same answer as for a case that does not exist
      expect: verb === 'raise' ? M.exists : M.noVisibleCase,
      code: verb === 'raise' ? 'CASE_EXISTS' : 'NOT_A_PARTICIPANT',
    });
for (const verb of CASE_VERBS)
  add('other agency', {
    name: `${verb} by the other agency’s manager (who may only look)`,
    who: DEMO.healthManager,
    verb,
    data: () => payload(verb, A, v.A),
    expect:
      verb === 'raise'
        ? M.exists
        : verb === 'approveOutcome' || verb === 'rejectOutcome'
          ? M.notApprover
          : M.role,
    code:
      verb === 'raise'
        ? 'CASE_EXISTS'
        : verb === 'approveOutcome' || verb === 'rejectOutcome'
          ? 'NOT_THE_APPROVER'
          : 'NOT_ALLOWED',
  });

// 2. Another tenant (and tenant ids that only look like ours): 403 before the bot runs
const TENANTS: { label: string; id: unknown }[] = [
  { label: 'another tenant', id: OTHER_TENANT },
  { label: 'our tenant id with a trailing space', id: `${TENANT} ` },
  { label: 'no tenant at all', id: undefined },
  { label: 'an empty tenant id', id: '' },
  { label: 'a numeric tenant id', id: 42 },
];
CASE_VERBS.forEach((verb, i) => {
  const t = TENANTS[i % TENANTS.length]!;
  add('other tenant', {
    name: `${verb} from ${t.label}`,
    who: actor(verb),
    verb,
    data: () => payload(verb, A, v.A),
    expect: /tenant not allowed/,
    code: 'NOT_ALLOWED', // not read: the bot never runs, the server's tenantRefused record is checked instead
    tenant: { id: t.id },
  });
});

// 3. A card from before the stage moved on, sent again by someone who could use it then
for (const verb of AFTER_RAISE)
  add('replayed old card', {
    name: `${verb} from a stage 1 card after the case moved to stage 2`,
    who: DEMO.jamie,
    verb,
    data: () => payload(verb, B, v.oldB),
    expect: M.stale,
    code: 'STALE_CARD',
  });

// 4. The case id changed: to a case that does not exist, and to another person's case
for (const verb of AFTER_RAISE) {
  const ghost = randomUUID();
  add('changed case id', {
    name: `${verb} on a made-up case id`,
    who: actor(verb),
    verb,
    data: () => payload(verb, ghost, v.A),
    expect: M.noVisibleCase,
    code: 'CASE_NOT_FOUND',
    absent: ghost,
  });
}
for (const verb of CASE_VERBS)
  add('changed case id', {
    name: `${verb} on another person’s case`,
    who: DEMO.priya,
    verb,
    data: () => payload(verb, C, v.C),
    expect: verb === 'raise' ? M.exists : M.noVisibleCase,
    code: verb === 'raise' ? 'CASE_EXISTS' : 'NOT_A_PARTICIPANT',
  });

// 5. The card version changed
const VERSIONS: { label: string; value: () => unknown; expect: RegExp }[] = [
  { label: 'from the future', value: () => v.A + 1, expect: M.stale },
  { label: 'negative', value: () => -1, expect: M.noVersion },
  { label: 'not an integer', value: () => v.A + 0.5, expect: M.noVersion },
  { label: 'a word', value: () => 'latest', expect: M.noVersion },
  { label: 'missing', value: () => undefined, expect: M.noVersion },
  { label: 'an object', value: () => ({ v: v.A }), expect: M.noVersion },
];
for (const verb of AFTER_RAISE)
  for (const k of VERSIONS)
    add('changed version', {
      name: `${verb} with a card version ${k.label}`,
      who: actor(verb),
      verb,
      data: () => payload(verb, A, k.value()),
      // the Head of Service who may refer is not on this case, so learns nothing of it
      expect: verb === 'referToStage' && k.expect === M.stale ? M.noVisibleCase : k.expect,
      code: 'STALE_CARD',
    });

// 6. Approval or rejection by anyone but the manager asked to approve
const NOT_APPROVERS: [string, string, ErrorCode][] = [
  ['the raiser', DEMO.priya, 'NOT_THE_APPROVER'],
  ['the other professional', DEMO.jamie, 'NOT_THE_APPROVER'],
  ['the other agency’s manager', DEMO.healthManager, 'NOT_THE_APPROVER'],
  ['the approver’s own manager', DEMO.cscSenior, 'NOT_A_PARTICIPANT'],
  ['the raiser’s Director', DEMO.cscDirector, 'NOT_A_PARTICIPANT'],
  ['the other agency’s Director', DEMO.healthDirector, 'NOT_A_PARTICIPANT'],
  ['the business office', DEMO.grace, 'NOT_THE_APPROVER'],
  ['another business office member', DEMO.owen, 'NOT_THE_APPROVER'],
  ['the Strategic Lead', DEMO.lead, 'NOT_THE_APPROVER'],
  ['the Independent Chair', DEMO.chair, 'NOT_THE_APPROVER'],
  ['a colleague of the raiser', DEMO.ellie, 'NOT_A_PARTICIPANT'],
  ['a police officer', DEMO.sam, 'NOT_A_PARTICIPANT'],
];
for (const verb of ['approveOutcome', 'rejectOutcome'] as const)
  for (const [label, who, code] of NOT_APPROVERS)
    add('approval by a non-approver', {
      name: `${verb} by ${label}`,
      who,
      verb,
      data: () => payload(verb, A, v.A),
      expect: code === 'NOT_THE_APPROVER' ? M.notApprover : M.noVisibleCase,
      code,
    });

// 7. Every command verb as an automatic refresh (which may only show)
for (const verb of COMMAND_VERBS)
  add('automatic refresh', {
    name: `${verb} sent as trigger: automatic`,
    who: actor(verb),
    verb,
    data: () => (PAYLOAD[verb] ? payload(verb, A, v.A) : {}),
    trigger: 'automatic',
    expect: M.automatic,
    code: 'NOT_ALLOWED',
  });

// 8. Prototype pollution: the case id and version only on __proto__ / constructor.prototype
for (const verb of CASE_VERBS)
  add('prototype pollution', {
    name: `${verb} with the case id smuggled in __proto__ and constructor`,
    who: actor(verb),
    verb,
    data: () =>
      Object.assign(
        JSON.parse(
          `{"__proto__":{"caseId":"${A}","v":${v.A},"isAdmin":true},"constructor":{"prototype":{"caseId":"${A}","v":${v.A}}}}`,
        ) as Record<string, unknown>,
        PAYLOAD[verb]!(),
      ),
    expect: M.notNamed,
    code: 'CASE_NOT_FOUND',
  });
for (const [verb, who, smuggled, expect, code] of [
  [
    'approveOutcome',
    DEMO.jamie,
    { approverIds: [DEMO.jamie], by: DEMO.cscManager },
    M.notApprover,
    'NOT_THE_APPROVER',
  ],
  ['withdraw', DEMO.sam, { raisedBy: DEMO.sam, personId: DEMO.priya }, M.noVisibleCase, 'NOT_A_PARTICIPANT'],
  ['referToStage', DEMO.priya, { bypass: [{ by: ['professionals'], to: 'stage-5' }] }, M.role, 'NOT_ALLOWED'],
] as const)
  add('prototype pollution', {
    name: `${verb} with authority smuggled in __proto__`,
    who,
    verb,
    data: () =>
      Object.assign(
        JSON.parse(`{"__proto__":${JSON.stringify(smuggled)}}`) as Record<string, unknown>,
        payload(verb, A, v.A),
      ),
    expect,
    code,
  });

// 9. Oversize fields: a 100 kB case id on every verb, and every free-text field one character too long
const HUGE_ID = 'A'.repeat(100_000);
for (const verb of CASE_VERBS)
  add('oversize', {
    name: `${verb} with a 100 kB case id`,
    who: actor(verb),
    verb,
    data: () => payload(verb, HUGE_ID, v.A),
    expect: M.notNamed,
    code: 'CASE_NOT_FOUND',
  });
const long = (n: number) => `${FORGED}${'x'.repeat(n + 1 - FORGED.length)}`;
for (const [verb, who, field, max] of [
  ['raise', DEMO.priya, 'reference', 40],
  ['raise', DEMO.priya, 'theme', 80],
  ['raise', DEMO.priya, 'summary', 4000],
  ['recordDiscussion', DEMO.priya, 'summary', 4000],
  ['agreePlan', DEMO.priya, 'plan', 4000],
  ['agreePlan', DEMO.priya, 'action0Text', 2000],
  ['addAction', DEMO.priya, 'actionText', 2000],
  ['requestEscalation', DEMO.jamie, 'evidence', 4000],
  ['rejectOutcome', DEMO.cscManager, 'reason', 2000],
  ['withdraw', DEMO.priya, 'reason', 2000],
] as const) {
  const caseId = verb === 'raise' ? randomUUID() : A;
  add('oversize', {
    name: `${verb} with ${field} of ${max + 1} characters`,
    who,
    verb,
    data: () => ({ ...payload(verb, caseId, verb === 'raise' ? 0 : v.A), [field]: long(max) }),
    expect: M.tooLong,
    code: 'INVALID_INPUT',
    absent: verb === 'raise' ? caseId : undefined,
  });
}

// 10. Verbs the bot does not have, including the scheduler's own commands and prototype names
for (const verb of [
  'deleteCase',
  'approve',
  'ApproveOutcome',
  'approveOutcome ',
  'actionOverdue',
  'reminderDue',
  'clockPassed',
  'capPassed',
  'view',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '',
  `${FORGED}-${'v'.repeat(5000)}`,
  42,
  null,
  true,
  ['approveOutcome'],
  { verb: 'approveOutcome' },
])
  add('unknown verb', {
    name: `verb ${JSON.stringify(verb).slice(0, 40)}`,
    who: DEMO.cscManager,
    verb,
    data: () => payload('approveOutcome', A, v.A),
    expect: M.unknownVerb,
    code: 'INVALID_INPUT',
  });

// 11. Verbs the stage (or procedure) does not offer, sent by people whose role would otherwise allow them
for (const [name, who, verb, caseId, data, expect, code] of [
  [
    'mediation offered at stage 1',
    DEMO.lead,
    'offerMediation',
    A,
    {},
    M.notRecorded,
    'NOT_RECORDED_AT_THIS_STAGE',
  ],
  [
    'mediation outcome at stage 1',
    DEMO.lead,
    'recordMediationOutcome',
    A,
    {},
    M.notRecorded,
    'NOT_RECORDED_AT_THIS_STAGE',
  ],
  [
    'learning points by the business office at stage 1',
    DEMO.grace,
    'recordLearningPoints',
    A,
    {},
    M.notRecorded,
    'NOT_RECORDED_AT_THIS_STAGE',
  ],
  [
    'learning points by a professional at stage 1',
    DEMO.priya,
    'recordLearningPoints',
    A,
    {},
    M.notRecorded,
    'NOT_RECORDED_AT_THIS_STAGE',
  ],
  [
    'a binding decision at stage 1',
    DEMO.chair,
    'recordBindingDecision',
    A,
    {},
    M.notRecorded,
    'NOT_RECORDED_AT_THIS_STAGE',
  ],
  [
    'a binding decision at pre-escalation',
    DEMO.chair,
    'recordBindingDecision',
    C,
    {},
    M.notRecorded,
    'NOT_RECORDED_AT_THIS_STAGE',
  ],
  ['a referral in a procedure without referrals', DEMO.priya, 'referToStage', A, {}, M.role, 'NOT_ALLOWED'],
  [
    'a referral by the business office where the procedure has none',
    DEMO.grace,
    'referToStage',
    A,
    {},
    M.role,
    'NOT_ALLOWED',
  ],
  [
    'a referral by a professional (only managers may refer)',
    DEMO.sam,
    'referToStage',
    C,
    {},
    M.role,
    'NOT_ALLOWED',
  ],
  [
    'a referral to a stage the rule does not name',
    DEMO.grace,
    'referToStage',
    C,
    { stageId: 'stage-1' },
    /does not allow a referral to that stage/,
    'UNKNOWN_STAGE',
  ],
  [
    'acknowledgement by the raiser',
    DEMO.priya,
    'acknowledge',
    A,
    {},
    /professional who received the disagreement acknowledges/,
    'NOT_ALLOWED',
  ],
  ['resolve while an escalation awaits approval', DEMO.jamie, 'resolve', A, {}, M.pending, 'ALREADY_PENDING'],
  [
    'escalate while an escalation awaits approval',
    DEMO.jamie,
    'requestEscalation',
    A,
    {},
    M.pending,
    'ALREADY_PENDING',
  ],
  [
    'approval when nothing is waiting',
    DEMO.cscManager,
    'approveOutcome',
    E,
    {},
    M.notApprover,
    'NOT_THE_APPROVER',
  ],
  [
    'completing an action that does not exist',
    DEMO.priya,
    'completeAction',
    A,
    { actionId: 'a99' },
    /No such action/,
    'INVALID_INPUT',
  ],
  [
    'assigning someone from an agency not in the case',
    DEMO.grace,
    'assignParticipant',
    A,
    { agencyId: 'police', personId: DEMO.sam },
    /Choose a person from that agency/,
    'INVALID_INPUT',
  ],
  [
    'a supporter where the procedure has none',
    DEMO.sam,
    'addSupporter',
    C,
    {},
    M.notRecorded,
    'NOT_RECORDED_AT_THIS_STAGE',
  ],
  [
    'an action owner completing someone else’s action',
    DEMO.ellie,
    'completeAction',
    E,
    { actionId: 'a2' },
    M.role,
    'NOT_ALLOWED',
  ],
] as const)
  add('not offered here', {
    name,
    who,
    verb,
    data: () => ({ ...payload(verb, caseId, v[caseId === A ? 'A' : caseId === C ? 'C' : 'E']), ...data }),
    expect,
    code,
  });

// 12. Every command on a closed case
for (const verb of AFTER_RAISE)
  add('closed case', {
    name: `${verb} on a withdrawn case`,
    who: actor(verb),
    verb,
    data: () => payload(verb, D, v.D),
    expect: verb === 'referToStage' ? M.noVisibleCase : M.closed,
    code: 'CASE_CLOSED',
  });

// 13. Every view of someone else's case
for (const verb of CASE_VIEW_VERBS)
  add('someone else’s case', {
    name: `${verb} on a case Priya is not part of`,
    who: DEMO.priya,
    verb,
    data: () => ({ caseId: C, v: v.C }),
    expect: M.noVisibleCase,
    code: 'CASE_NOT_FOUND',
  });

// 14. The store fails while a forged command is handled: still nothing about the case comes back
for (const [name, who, verb, error] of [
  ['the store is unreachable', DEMO.sam, 'recordDiscussion', new StoreUnavailableError('down', 503)],
  ['an unexpected error', DEMO.ellie, 'withdraw', new Error('boom')],
] as const)
  add('failure during a forgery', {
    name: `${verb} by someone not on the case while ${name}`,
    who,
    verb,
    data: () => payload(verb, A, v.A),
    expect: M.tryAgain,
    code: error.name as Outcome,
    storeFails: error,
  });

const AUDIT_EVENTS = new Set(['refused', 'actionRefused', 'actionFailed', 'requestFailed', 'tenantRefused']);

/** The case id an audit record must name: the card's own, id-shaped caseId; otherwise none. */
function namedCase(data: unknown): string | null {
  if (!data || typeof data !== 'object' || !Object.prototype.hasOwnProperty.call(data, 'caseId')) return null;
  const id = (data as { caseId?: unknown }).caseId;
  return typeof id === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(id) ? id : null;
}

describe('tampered card actions (HTTP): none accepted, nothing written or revealed, every refusal audited', function () {
  this.timeout(120_000);
  const log = new MemoryLog('trace');
  let h: Harness;
  let directory: Directory;

  const doc = async (id: string) => (await h.app.store.cases.get<CaseDoc>(id))!;
  /** Escalating needs a discussion recorded at the stage (domain rule D). */
  const discussed = (caseId: string, v: number) => ({
    caseId,
    v,
    heldAtDate: '2026-12-07',
    heldAtTime: '09:30',
    method: 'telephone',
    attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
    summary: 'Talked it through.',
    outcome: 'unresolved',
  });
  const ok = (r: { status: number; card: Record<string, unknown> }, expected: RegExp) => {
    assert.equal(r.status, 200);
    assert.match(cardText(r.card), expected);
    // let the dispatcher finish what this step implied before the next one writes the same case
    return h.settle();
  };

  before(async () => {
    h = await startHarness({ MicrosoftAppTenantId: TENANT }, undefined, { log: log.logger });
    directory = (await h.app.store.directory.load('demo'))!;
    const raise = (who: string, caseId: string, reference: string, procedureId: string, other: string) =>
      h.invoke(who, 'raise', {
        caseId,
        v: 0,
        procedureId,
        otherProfessionalId: other,
        reference,
        theme: 'threshold',
        summary: `Summary of TAMPER ${reference}`,
      });
    const FLOW = 'conflict-resolution-flowchart';

    await ok(await raise(DEMO.priya, A, 'CSC/2026/7001', FLOW, DEMO.jamie), /Stage 1/);
    await ok(
      await h.invoke(DEMO.priya, 'agreePlan', {
        caseId: A,
        v: (await doc(A)).version,
        plan: 'Plan of TAMPER/A',
        action0Text: 'Action of TAMPER/A',
        action0Owner: DEMO.jamie,
        action0Due: '2026-12-20',
      }),
      /Plan recorded/,
    );
    await ok(
      await h.invoke(DEMO.priya, 'recordDiscussion', discussed(A, (await doc(A)).version)),
      /Discussion recorded/,
    );
    await ok(
      await h.invoke(DEMO.priya, 'requestEscalation', {
        caseId: A,
        v: (await doc(A)).version,
        evidence: EVIDENCE,
      }),
      /Escalation requested/,
    );
    assert.deepEqual((await doc(A)).state.stage.pending?.approverIds, [DEMO.cscManager]);

    await ok(await raise(DEMO.priya, B, 'CSC/2026/7002', FLOW, DEMO.jamie), /Stage 1/);
    await ok(
      await h.invoke(DEMO.jamie, 'acknowledge', { caseId: B, v: (await doc(B)).version }),
      /Acknowledged\./,
    );
    await ok(
      await h.invoke(DEMO.priya, 'recordDiscussion', discussed(B, (await doc(B)).version)),
      /Discussion recorded/,
    );
    v.oldB = (await doc(B)).version;
    await ok(
      await h.invoke(DEMO.priya, 'requestEscalation', { caseId: B, v: v.oldB, evidence: EVIDENCE }),
      /Escalation requested/,
    );
    await ok(
      await h.invoke(DEMO.cscManager, 'approveOutcome', { caseId: B, v: (await doc(B)).version }),
      /Stage 2/,
    );

    await ok(
      await raise(DEMO.sam, C, 'POL/26/7003', 'bscp-escalation-procedure', DEMO.jamie),
      /Pre-escalation/,
    );

    await ok(await raise(DEMO.priya, D, 'CSC/2026/7004', FLOW, DEMO.jamie), /Stage 1/);
    await ok(
      await h.invoke(DEMO.priya, 'withdraw', {
        caseId: D,
        v: (await doc(D)).version,
        reason: 'Raised in error.',
      }),
      /Withdrawn/,
    );

    await ok(await raise(DEMO.priya, E, 'CSC/2026/7005', FLOW, DEMO.jamie), /Stage 1/);
    await ok(
      await h.invoke(DEMO.priya, 'agreePlan', {
        caseId: E,
        v: (await doc(E)).version,
        plan: 'Plan of TAMPER/E',
        action0Text: 'Ellie’s action',
        action0Owner: DEMO.ellie,
        action0Due: '2026-12-20',
        action1Text: 'Jamie’s action',
        action1Owner: DEMO.jamie,
        action1Due: '2026-12-20',
      }),
      /Plan recorded/,
    );

    for (const [k, id] of [
      ['A', A],
      ['B', B],
      ['C', C],
      ['D', D],
      ['E', E],
    ] as const)
      v[k] = (await doc(id)).version;
    await h.settle(); // deliver what the set-up implied, so anything sent later is the forgery's doing
  });

  after(async () => {
    await h.close();
  });

  /** Everything a forgery could change: every fixture case document (with its ETag) and the directory. */
  async function snapshot(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const id of FIXTURES) out[id] = await doc(id);
    out.directory = await h.app.store.directory.load('demo');
    return out;
  }

  function foreignInvoke(who: string, verb: unknown, data: unknown, tenant: unknown) {
    return {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      serviceUrl: h.connector.url,
      channelId: 'msteams',
      from: { id: `29:${who}`, name: 'User', aadObjectId: who },
      conversation: {
        id: `a:personal-${who}`,
        conversationType: 'personal',
        ...(typeof tenant === 'string' ? { tenantId: tenant } : {}),
      },
      recipient: { id: '28:escalate-bot', name: 'Escalate' },
      channelData: tenant === undefined ? {} : { tenant: { id: tenant } },
      locale: 'en-GB',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    };
  }

  it('tells someone not on a case nothing of it: a made-up id, an open case and a closed one get the same answer', async () => {
    const ghost = randomUUID();
    const before = await snapshot();
    for (const verb of [...AFTER_RAISE, ...CASE_VIEW_VERBS]) {
      const answers = new Set<string>();
      for (const [id, version] of [
        [ghost, 1],
        [C, v.C],
        [D, v.D],
      ] as const) {
        const data = verb in PAYLOAD ? payload(verb as CommandVerb, id, version) : { caseId: id, v: version };
        const r = await h.invoke(DEMO.ellie, verb, data);
        assert.equal(r.status, 200);
        answers.add(JSON.stringify(r.card));
      }
      assert.equal(answers.size, 1, `${verb}: the answers differ, so they tell which case exists`);
      assert.match([...answers][0]!, /There is no such case that you can see/);
    }
    assert.deepEqual(await snapshot(), before, 'nothing written');
  });

  it(`has at least 50 forgeries, covering every command verb (${rows.length} below)`, () => {
    assert.ok(rows.length >= 50);
    for (const verb of COMMAND_VERBS) {
      assert.ok(
        PAYLOAD[verb] !== undefined || PERSONAL_VERBS.includes(verb),
        `no tamper rows for the command verb ${verb}: add a payload for it`,
      );
      assert.ok(
        rows.some((r) => r.verb === verb && r.trigger === 'automatic'),
        `${verb} is not tried as an automatic refresh`,
      );
    }
    for (const verb of CASE_VERBS)
      for (const category of [
        'wrong user',
        'other tenant',
        'changed case id',
        'automatic refresh',
        'oversize',
      ])
        assert.ok(
          rows.some((r) => r.verb === verb && r.name.startsWith(category)),
          `${verb} is not tried in "${category}"`,
        );
  });

  for (const f of rows) {
    it(`refuses ${f.name}`, async () => {
      const before = await snapshot();
      const sent = h.connector.received.length;
      const mark = log.mark();
      const data = f.data();
      const stub = f.storeFails ? sinon.stub(h.app.parts.service, 'run').rejects(f.storeFails) : null;
      let status: number;
      let text: string;
      try {
        if (f.tenant) {
          const r = await h.post(foreignInvoke(f.who, f.verb, data, f.tenant.id));
          status = r.status;
          text = r.text;
        } else {
          const r = await h.invoke(f.who, f.verb as string, data as Record<string, unknown>, f.trigger);
          status = r.status;
          text = cardText(r.card);
        }
      } finally {
        stub?.restore();
      }
      await h.app.dispatch.runNow();

      // nothing written: every fixture case (its events, audit chain, outbox and ETag) and the directory as before
      assert.deepEqual(await snapshot(), before, 'a case or the directory changed');
      if (f.absent) assert.equal(await h.app.store.cases.get(f.absent), null, 'a case was created');
      // nothing sent to anyone
      assert.equal(h.connector.received.length, sent, 'something was sent through the Bot Connector');
      assert.equal(({} as Record<string, unknown>).isAdmin, undefined, 'Object.prototype was polluted');
      assert.equal(({} as Record<string, unknown>).caseId, undefined, 'Object.prototype was polluted');

      // the answer explains, claims no success, and shows nothing of a case the sender may not see
      if (f.tenant) assert.equal(status, 403);
      else assert.equal(status, 200, 'always a well-formed invoke response');
      assert.match(text, f.expect);
      for (const line of text.split('\n'))
        assert.ok(!SUCCESS_NOTICES.has(line.trim()), `the answer claims success: ${line}`);
      for (const id of FIXTURES) {
        const c = (before[id] as CaseDoc).state;
        const caps = capacitiesOf(c, f.who, directory, builtinProcedure(c.procedureId)!);
        if (f.tenant || !isAllowed('view', caps))
          for (const secret of [c.reference, c.summary])
            // the theme is an id from a public list
            assert.ok(!text.includes(secret), `the answer shows ${secret} to someone who may not see it`);
      }

      // audited: exactly one structured record saying who, what, which case, why and when
      const entries = log.since(mark);
      for (const line of log.lines.slice(mark)) assert.ok(line.length < 2000, 'an oversize log line');
      const audit = entries.filter((e: LogEntry) => AUDIT_EVENTS.has(e.event ?? ''));
      assert.equal(audit.length, 1, `audit records: ${JSON.stringify(entries)}`);
      const e = audit[0]!;
      assert.equal(e.level, WARN);
      assert.equal(typeof e.time, 'number');
      if (f.tenant) {
        assert.equal(e.event, 'tenantRefused');
        const id = f.tenant.id;
        assert.equal(e.tenant, typeof id === 'string' && /^[A-Za-z0-9:._@-]{1,128}$/.test(id) ? id : null);
        assert.equal(e.aadObjectId, f.who, 'who sent it, by id');
        assert.equal(e.type, 'invoke');
        return;
      }
      assert.ok(
        f.storeFails ? e.event === 'actionFailed' : e.event === 'refused' || e.event === 'actionRefused',
        `event ${e.event}`,
      );
      assert.equal(e.code, f.code);
      assert.equal(e.verb, isVerb(f.verb) ? f.verb : 'unknown', 'the verb (never free text)');
      assert.equal(e.personId, f.who);
      assert.equal(e.caseId ?? null, namedCase(data), 'the case the card named');
      if (f.trigger === 'automatic') assert.equal(e.trigger, 'automatic');
    });
  }

  it('never logged a card input or an unknown verb', () => {
    const all = log.text();
    assert.ok(log.lines.length > rows.length, 'the app did log');
    assert.ok(!all.includes(FORGED), 'free text from a forged card reached the log');
    for (const fixture of ['Summary of TAMPER', 'Theme of TAMPER', 'Plan of TAMPER', EVIDENCE])
      assert.ok(!all.includes(fixture), `${fixture} reached the log`);
    assert.ok(
      !all.includes('deleteCase') && !all.includes('ApproveOutcome'),
      'an unknown verb reached the log',
    );
  });

  it('shows a case to an automatic refresh without changing it', async () => {
    const before = await snapshot();
    const r = await h.invoke(DEMO.jamie, 'refresh', { caseId: A, v: v.A }, 'automatic');
    assert.match(cardText(r.card), /Case CSC\/2026\/7001/);
    assert.deepEqual(await snapshot(), before);
  });

  it('lets an action owner complete their own action; the card sent again later shows nothing newer', async () => {
    const card = { caseId: E, v: v.E, actionId: 'a1' };
    await ok(await h.invoke(DEMO.ellie, 'completeAction', card), /Action marked done\./);
    assert.ok((await doc(E)).state.stage.actions.find((a) => a.id === 'a1')?.completedAt);
    const version = (await doc(E)).version;
    await ok(
      await h.invoke(DEMO.priya, 'withdraw', {
        caseId: E,
        v: version,
        reason: 'Resolved outside the procedure.',
      }),
      /Withdrawn/,
    );
    const replay = await h.invoke(DEMO.ellie, 'completeAction', card);
    assert.match(cardText(replay.card), /Action marked done\./, 'the same answer as the first time');
    assert.ok(
      !/CSC\/2026\/7005|TAMPER\/E|Withdrawn/.test(cardText(replay.card)),
      'a replayed card shows the latest case',
    );
    assert.equal((await doc(E)).events.filter((e) => e.type === 'ActionCompleted').length, 1);
  });

  it('still accepts the manager’s real approval, once, and every audit chain verifies', async () => {
    const r = await h.invoke(DEMO.cscManager, 'approveOutcome', { caseId: A, v: v.A });
    assert.match(cardText(r.card), /Stage 2/);
    assert.equal((await doc(A)).events.filter((e) => e.type === 'OutcomeApproved').length, 1);
    for (const id of FIXTURES) assert.equal(verifyChain((await doc(id)).events).ok, true, id);
  });
});
