/**
 * "My cases": a person's open cases, the nearest date first (the next deadline, or one of their own actions),
 * each with its theme, stage, what is expected of them next and their open actions.
 */
import { sideText } from './sides';
import {
  agreeingAgencies,
  capacitiesOf,
  openActions,
  type AgreedAction,
  type Case,
  type ClockInstance,
} from '../../domain/case';
import { themeLabel, type Directory } from '../../domain/directory';
import type { Procedure, Stage } from '../../domain/procedure/schema';
import { stageById } from '../../domain/procedure/validate';
import type { Verb } from '../verbs';
import { buttonsFor } from './caseButtons';
import { short } from './caseContext';
import { clockLine, dueBy, nameOf, when } from './caseView';
import { literal } from './literal';

export interface CaseSummary {
  c: Case;
  procedure: Procedure;
}

/** Who is looking, and when: rows then say what is expected of them and list their own actions. */
export interface Viewer {
  personId: string;
  now: Date;
}

/** Cases shown at most; the rest are counted. */
export const MAX_ROWS = 20;
/**
 * Bytes the rows may take: Teams refuses a card over 28 KB and the rest of this one is small. A row's size is its
 * data plus what cards/listCard.json wraps around it and around each of its lines (measured, rounded up).
 */
const ROWS_BUDGET = 24_000;
const ROW_FRAME = 300;
const LINE_FRAME = 70;
/** The viewer's own actions shown per case, and the characters of each action's text. */
const MAX_ACTIONS = 3;
const ACTION_TEXT = 120;

const line = (text: string) => ({ text });
/** Instants as stored (ISO 8601, UTC) sort as text. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byDue = (a: AgreedAction, b: AgreedAction) => compare(a.dueAt, b.dueAt);

/** "A", "A and B", "A, B and C". */
function listed(items: string[], word = 'and'): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`;
}

/** The next running deadline: a clock with a due date that is neither met, passed nor held. */
export function nextDeadline(c: Case): ClockInstance | undefined {
  if (c.status !== 'open') return undefined;
  return c.stage.clocks
    .filter((k) => k.dueAt && !k.metAt && !k.passedAt && !k.heldAt)
    .sort((a, b) => compare(a.dueAt!, b.dueAt!))[0];
}

/** `personId`'s actions not yet done (nor closed), from every stage, the earliest due first. */
export function myOpenActions(c: Case, personId: string): AgreedAction[] {
  return openActions(c)
    .filter((a) => a.ownerId === personId && !a.closedReason)
    .sort(byDue);
}

/** When the case next needs something: its next deadline or the first of `personId`'s actions, if sooner. */
export function nextDateFor(c: Case, personId: string | null): string | null {
  const dates = [
    nextDeadline(c)?.dueAt ?? null,
    ...(personId ? myOpenActions(c, personId) : []).map((a) => a.dueAt),
  ];
  return dates.filter((d): d is string => !!d).sort()[0] ?? null;
}

/** Nearest date first; cases with no date last; otherwise in the order they were raised. */
export function sortByNextDate(cases: CaseSummary[], personId: string | null): CaseSummary[] {
  const keyed = cases.map((x) => ({ x, at: nextDateFor(x.c, personId) }));
  const undated = (a: string | null, b: string | null) => (a === null ? 1 : 0) - (b === null ? 1 : 0);
  keyed.sort(
    (a, b) =>
      undated(a.at, b.at) || compare(a.at ?? '', b.at ?? '') || compare(a.x.c.raisedAt, b.x.c.raisedAt),
  );
  return keyed.map((k) => k.x);
}

/** What a proposal waiting for a manager's approval asks of the viewer. */
function pendingNext(c: Case, dir: Directory, can: (v: Verb) => boolean): string {
  const p = c.stage.pending!;
  const what = p.outcome === 'resolved' ? 'the agreed resolution' : 'the escalation';
  if (can('approveOutcome'))
    return p.outcome === 'resolved'
      ? `Approve or reject ${what}`
      : `Approve or reject ${what} ${nameOf(dir, p.by)} asked for`;
  if (can('openNameApprover')) return `Name a manager to approve ${what}`;
  if (p.awaitingApprover) return `Waiting for the business office to name a manager to approve ${what}`;
  return `Waiting for ${listed(
    p.approverIds.map((a) => nameOf(dir, a)),
    'or',
  )} to approve ${what}`;
}

/** What a resolution waiting for the agencies' agreement asks of the viewer. */
function resolutionNext(c: Case, dir: Directory, can: (v: Verb) => boolean): string {
  const r = c.stage.resolution!;
  if (can('agreeResolution')) return `Agree to or decline the resolution ${nameOf(dir, r.by)} proposed`;
  const open = agreeingAgencies(c).filter((a) => !r.agreed[a]);
  return `Waiting for ${listed(open.map((a) => sideText(dir, a)))} to agree to the resolution`;
}

/** The stage's own work the viewer can do now, the most pressing first. */
function stageNext(c: Case, dir: Directory, viewerId: string, can: (v: Verb) => boolean): string {
  const others = [
    ...new Set(
      c.stage.participants
        .filter((p) => p.personId !== viewerId && p.as !== 'supporter')
        .map((p) => p.personId),
    ),
  ].map((id) => nameOf(dir, id));
  if (can('acknowledge')) return 'Acknowledge the disagreement';
  if (can('openDecision')) return 'Record the Chair’s decision';
  if (can('openMediationOutcome')) return 'Record the outcome of mediation';
  if (can('offerMediation')) return 'Offer mediation';
  if (can('recordLeadsNotified')) return 'Record that the Strategic Leads have been notified';
  if (can('openDiscussion') && !c.stage.discussions.some((d) => d.counts))
    return others.length ? `Record a discussion with ${listed(others)}` : 'Record a discussion';
  const moves = [
    can('openPlan') && 'agree a plan',
    can('openResolve') && 'propose a resolution',
    can('openEscalate') && 'escalate',
  ].filter((m): m is string => !!m);
  if (moves.length) return listed(moves, 'or').replace(/^./, (s) => s.toUpperCase());
  if (can('openAssign')) return 'Name the manager who is missing in the directory';
  if (c.stage.waitingFor?.length) return 'Waiting for the business office to name a manager';
  return '';
}

/** What is expected of the viewer next, from the buttons their case card would offer them. */
export function expectedOf(x: CaseSummary, dir: Directory, viewerId: string, stage: Stage): string {
  const { c, procedure } = x;
  const { primaryRows, secondaryRows } = buttonsFor(
    c,
    stage,
    procedure,
    capacitiesOf(c, viewerId, dir, procedure),
    viewerId,
  );
  const verbs = new Set([...primaryRows, ...secondaryRows].flatMap((r) => r.buttons.map((b) => b.verb)));
  const can = (v: Verb) => verbs.has(v);
  const next = c.stage.pending
    ? pendingNext(c, dir, can)
    : c.stage.resolution
      ? resolutionNext(c, dir, can)
      : stageNext(c, dir, viewerId, can);
  if (next) return next;
  const actions = myOpenActions(c, viewerId).length;
  if (actions === 1) return 'Complete your action below and mark it done on the case card';
  if (actions > 1) return 'Complete your actions below and mark each done on the case card';
  return 'Nothing for you to do at this stage';
}

/** "Your action, due by …: …" (or overdue), the text shortened and kept literal. */
function actionLine(a: AgreedAction, procedure: Procedure, now: Date): string {
  const due = dueBy(a.dueAt, procedure.nation);
  const state = a.dueAt <= now.toISOString() ? `overdue (it was due by ${due})` : `due by ${due}`;
  return `Your action, ${state}: ${short(a.text, ACTION_TEXT)}`;
}

/** One case's row: theme, stage, what the viewer should do next, the next deadline and their open actions. */
function row(x: CaseSummary, dir: Directory, viewer: Viewer | null) {
  const { c, procedure } = x;
  const stage = stageById(procedure, c.stage.stageId);
  const next = nextDeadline(c);
  const mine = viewer ? myOpenActions(c, viewer.personId) : [];
  const more = mine.length - MAX_ACTIONS;
  return {
    heading: `Case ${literal(c.reference)}`,
    subheading: `${c.stage.level > 1 ? `${stage.label} (level ${c.stage.level})` : stage.label}: ${stage.name}`,
    lines: [
      line(`Theme: ${literal(themeLabel(dir, c.theme))}`),
      ...(c.imminentRisk ? [line('**Imminent risk of harm**: urgent timescales apply.')] : []),
      ...(viewer ? [line(`**Next for you:** ${expectedOf(x, dir, viewer.personId, stage)}`)] : []),
      line(
        next
          ? `Next deadline: ${next.label}, ${clockLine(next, procedure.nation).line}`
          : 'No deadline is running.',
      ),
      ...mine.slice(0, MAX_ACTIONS).map((a) => line(actionLine(a, procedure, viewer!.now))),
      ...(more > 0 ? [line(`and ${more} more of your actions: open the case to see them all.`)] : []),
      line(`Raised by ${nameOf(dir, c.raisedBy)} on ${when(c.raisedAt)}`),
    ],
    verb: 'openCase',
    button: 'Open',
    caseId: c.caseId,
  };
}

type Row = ReturnType<typeof row>;

/** The first rows that fit in the budget (at most MAX_ROWS, and always one). */
function fitting(rows: Row[]): Row[] {
  let bytes = 0;
  const out: Row[] = [];
  for (const r of rows.slice(0, MAX_ROWS)) {
    bytes += Buffer.byteLength(JSON.stringify(r)) + ROW_FRAME + r.lines.length * LINE_FRAME;
    if (out.length > 0 && bytes > ROWS_BUDGET) break;
    out.push(r);
  }
  return out;
}

/** The list: every case given, sorted as a whole, the first rows that fit shown and the rest counted. */
export function myCasesView(
  cases: CaseSummary[],
  dir: Directory,
  banner: string,
  viewer: Viewer | null = null,
): Record<string, unknown> {
  const shown = fitting(sortByNextDate(cases, viewer?.personId ?? null).map((x) => row(x, dir, viewer)));
  const hidden = cases.length - shown.length;
  return {
    banner,
    title: 'My cases',
    intro: cases.length
      ? 'Open cases you are involved in, the nearest date first: the next deadline, or one of your actions if it is due sooner.'
      : '',
    sections: [
      ...shown,
      ...(hidden > 0
        ? [
            {
              heading: `and ${hidden} more`,
              subheading: '',
              lines: [
                line(
                  `Their next dates are later, or none is set. Type **case** and a reference to open one of them.`,
                ),
              ],
              verb: '',
              button: '',
              caseId: '',
            },
          ]
        : []),
    ],
    empty: 'You have no open cases. Type raise to raise a disagreement.',
    buttons: [{ title: 'Raise a disagreement', verb: 'openRaise', caseId: '' }],
  };
}
