/** Every form the bot shows, as data for the one form template. Input ids are what parseAction reads. */
import { formatLondon } from '../../domain/calendar';
import { MAX, MIN_EVIDENCE, type Case } from '../../domain/case';
import {
  findAgency,
  findPerson,
  isBusinessOffice,
  type Directory,
  type Person,
} from '../../domain/directory';
import type { Procedure } from '../../domain/procedure/schema';
import { stageById } from '../../domain/procedure/validate';
import type { CommandVerb, ViewVerb } from '../verbs';
import { literal } from './literal';

export type FormKind =
  | 'raise'
  | 'discussion'
  | 'plan'
  | 'action'
  | 'escalate'
  | 'reject'
  | 'learning'
  | 'mediation'
  | 'mediationOutcome'
  | 'decision'
  | 'withdraw'
  | 'refer'
  | 'assign'
  | 'supporter';

/** Which form each "open…" verb shows, and which command each form submits. */
export const FORM_OF: Partial<Record<ViewVerb, FormKind>> = {
  openRaise: 'raise',
  openDiscussion: 'discussion',
  openPlan: 'plan',
  openAction: 'action',
  openEscalate: 'escalate',
  openReject: 'reject',
  openLearning: 'learning',
  openMediation: 'mediation',
  openMediationOutcome: 'mediationOutcome',
  openDecision: 'decision',
  openWithdraw: 'withdraw',
  openRefer: 'refer',
  openAssign: 'assign',
  openSupporter: 'supporter',
};
export const SUBMIT_OF: Record<FormKind, CommandVerb> = {
  raise: 'raise',
  discussion: 'recordDiscussion',
  plan: 'agreePlan',
  action: 'addAction',
  escalate: 'requestEscalation',
  reject: 'rejectOutcome',
  learning: 'recordLearningPoints',
  mediation: 'offerMediation',
  mediationOutcome: 'recordMediationOutcome',
  decision: 'recordBindingDecision',
  withdraw: 'withdraw',
  refer: 'referToStage',
  assign: 'assignParticipant',
  supporter: 'addSupporter',
};

type FieldKind = 'text' | 'multiline' | 'choice' | 'multichoice' | 'radio' | 'date' | 'time' | 'toggle';
interface Field {
  id: string;
  label: string;
  kind: FieldKind;
  choices?: { title: string; value: string }[];
  required?: boolean;
  maxLength?: number;
  placeholder?: string;
  hint?: string;
  value?: string;
}

export interface FormContext {
  directory: Directory;
  viewerId: string;
  now: Date;
  banner: string;
  c?: Case;
  procedure?: Procedure;
  procedures?: Procedure[];
  newCaseId?: string;
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  notice?: string;
  /** The case version the submitted card was rendered from, when the form is shown again after a failed save. */
  cardVersion?: number;
}

// built once: constructing an Intl formatter costs far more than using one
const DATE_INPUT = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const TIME_INPUT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const londonDate = (d: Date) => DATE_INPUT.format(d);
const londonTime = (d: Date) => TIME_INPUT.format(d);

function personChoice(dir: Directory, p: Person): { title: string; value: string } {
  return { title: `${p.name} — ${findAgency(dir, p.agencyId)?.name ?? p.agencyId}`, value: p.id };
}

/** Domain field names → this form's input ids, so server-side errors show next to the right input. */
export function inputIdFor(field: string): string {
  const m = /^actions\[(\d+)\]\.(text|ownerId|dueAt)$/.exec(field);
  if (m) return `action${m[1]}${{ text: 'Text', ownerId: 'Owner', dueAt: 'Due' }[m[2] as 'text']}`;
  return { heldAt: 'heldAtDate', meetingAt: 'meetingDate', text: 'plan' }[field] ?? field;
}

function caseFields(
  kind: FormKind,
  ctx: FormContext,
): { title: string; intro: string; quote: string; fields: Field[] } {
  const c = ctx.c!;
  const p = ctx.procedure!;
  const dir = ctx.directory;
  const stage = stageById(p, c.stage.stageId);
  const involved = [
    ...new Set([...c.stage.participants.map((x) => x.personId), ...Object.values(c.professionals)]),
  ];
  const people = dir.people.filter((x) => involved.includes(x.id) || c.agencies.includes(x.agencyId));
  const owners = people.map((x) => personChoice(dir, x));
  const today = londonDate(ctx.now);
  switch (kind) {
    case 'discussion': {
      const methods = stage.records.methods.map((m) => ({ title: m.replace('-', ' '), value: m }));
      const recordOnly = stage.records.recordOnly.map((r) => ({
        title: `${r.method === 'email' ? 'e-mail exchange' : r.method} (recorded, does not count)`,
        value: r.method,
      }));
      return {
        title: 'Record a discussion',
        intro: `How and when the discussion for ${stage.label} took place, who took part, and what came of it.`,
        quote: stage.records.recordOnly.map((r) => r.reason).join(' '),
        fields: [
          { id: 'heldAtDate', label: 'Date held', kind: 'date', required: true, value: today },
          {
            id: 'heldAtTime',
            label: 'Time (London)',
            kind: 'time',
            required: true,
            value: londonTime(ctx.now),
          },
          {
            id: 'method',
            label: 'How it was held',
            kind: 'radio',
            required: true,
            choices: [...methods, ...recordOnly],
          },
          { id: 'attendeeIds', label: 'Who took part', kind: 'multichoice', required: true, choices: owners },
          { id: 'summary', label: 'Summary', kind: 'multiline', required: true, maxLength: MAX.text },
          {
            id: 'outcome',
            label: 'Outcome',
            kind: 'radio',
            required: true,
            choices: [
              { title: 'Resolved', value: 'resolved' },
              { title: 'Plan agreed', value: 'planAgreed' },
              { title: 'Unresolved', value: 'unresolved' },
            ],
          },
        ],
      };
    }
    case 'plan':
      return {
        title: 'Agree a plan of action',
        intro:
          'The mutually agreed plan, with timescales. Add up to three actions now; more can be added later.',
        quote: stage.clocks.find((k) => k.requirement === 'plan')?.wording ?? '',
        fields: [
          { id: 'plan', label: 'Plan of action', kind: 'multiline', required: true, maxLength: MAX.text },
          ...[0, 1, 2].flatMap((i): Field[] => [
            { id: `action${i}Text`, label: `Action ${i + 1}`, kind: 'text', maxLength: MAX.reason },
            { id: `action${i}Owner`, label: `Action ${i + 1}: owner`, kind: 'choice', choices: owners },
            { id: `action${i}Due`, label: `Action ${i + 1}: due by`, kind: 'date' },
          ]),
        ],
      };
    case 'action':
      return {
        title: 'Add an agreed action',
        intro: '',
        quote: '',
        fields: [
          { id: 'actionText', label: 'Action', kind: 'text', required: true, maxLength: MAX.reason },
          { id: 'actionOwner', label: 'Owner', kind: 'choice', required: true, choices: owners },
          { id: 'actionDue', label: 'Due by', kind: 'date', required: true },
        ],
      };
    case 'escalate': {
      const needed = p.rules.evidenceBeforeEscalating && stage.records.evidenceToEscalate;
      return {
        title: 'Escalate to the next stage',
        intro: stage.approval
          ? 'Your line manager will be asked to approve.'
          : 'The case moves up straight away.',
        quote: needed
          ? 'Before progressing an escalation through the stages of this process, evidence should be provided that all efforts at the previous stage have been explored.'
          : '',
        fields: [
          {
            id: 'evidence',
            label: needed
              ? `Evidence that all efforts at this stage were explored (at least ${MIN_EVIDENCE} characters)`
              : 'Why the case needs to move up (optional)',
            kind: 'multiline',
            required: needed,
            maxLength: MAX.evidence,
          },
        ],
      };
    }
    case 'reject':
      return {
        title: 'Reject the proposed outcome',
        intro: 'Say why, so the professionals know what to do next.',
        quote: '',
        fields: [{ id: 'reason', label: 'Reason', kind: 'multiline', required: true, maxLength: MAX.reason }],
      };
    case 'learning':
      return {
        title: 'Record learning points',
        intro: '',
        quote: stage.source.includes('learning') ? stage.expected : '',
        fields: [
          {
            id: 'learningPoints',
            label: 'Learning points',
            kind: 'multiline',
            required: true,
            maxLength: MAX.text,
          },
        ],
      };
    case 'mediation':
      return {
        title: 'Offer mediation',
        intro: 'Optionally give the date and time of the mediation meeting.',
        quote: stage.clocks.find((k) => k.requirement === 'mediationOffered')?.wording ?? '',
        fields: [
          { id: 'meetingDate', label: 'Meeting date', kind: 'date' },
          { id: 'meetingTime', label: 'Meeting time (London)', kind: 'time' },
        ],
      };
    case 'mediationOutcome':
      return {
        title: 'Mediation outcome',
        intro: '',
        quote: '',
        fields: [
          {
            id: 'outcome',
            label: 'Outcome',
            kind: 'radio',
            required: true,
            choices: [
              { title: 'Resolved', value: 'resolved' },
              { title: 'Not resolved', value: 'unresolved' },
            ],
          },
          { id: 'summary', label: 'Summary', kind: 'multiline', required: true, maxLength: MAX.text },
        ],
      };
    case 'decision':
      return {
        title: 'Final binding decision',
        intro: 'The Independent Chair’s decision, or the agreed course of action to reach it.',
        quote: stage.expected,
        fields: [
          { id: 'decision', label: 'Decision', kind: 'multiline', required: true, maxLength: MAX.text },
        ],
      };
    case 'withdraw':
      return {
        title: 'Withdraw this case',
        intro: 'Everyone involved will be told.',
        quote: '',
        fields: [{ id: 'reason', label: 'Reason', kind: 'multiline', required: true, maxLength: MAX.reason }],
      };
    case 'refer': {
      const rules = p.rules.bypass.filter((b) => b.to !== c.stage.stageId);
      return {
        title: 'Refer to a later stage',
        intro: '',
        quote: rules.map((b) => b.wording).join(' '),
        fields: [
          {
            id: 'stageId',
            label: 'Refer to',
            kind: 'radio',
            required: true,
            choices: rules.map((b) => ({
              title: `${stageById(p, b.to).label}: ${stageById(p, b.to).name}`,
              value: b.to,
            })),
          },
          { id: 'reason', label: 'Reason', kind: 'multiline', required: true, maxLength: MAX.reason },
        ],
      };
    }
    case 'assign': {
      const open = c.flags.filter((f) => !f.resolvedAt && c.agencies.includes(f.agencyId));
      return {
        title: 'Assign a manager',
        intro: open.map((f) => `Missing: ${literal(f.wanted)}.`).join(' '),
        quote: '',
        fields: [
          {
            id: 'agencyId',
            label: 'Agency',
            kind: 'radio',
            required: true,
            choices: c.agencies.map((a) => ({ title: findAgency(dir, a)?.name ?? a, value: a })),
            value: open[0]?.agencyId,
          },
          {
            id: 'personId',
            label: 'Person',
            kind: 'choice',
            required: true,
            choices: dir.people
              .filter((x) => c.agencies.includes(x.agencyId))
              .map((x) => personChoice(dir, x)),
          },
        ],
      };
    }
    case 'supporter':
      return {
        title: 'Add a supporter',
        intro: isBusinessOffice(dir, ctx.viewerId)
          ? 'Some professionals may need support when raising a disagreement. The business office may add a supporter from any agency.'
          : 'Some professionals may need support when raising a disagreement. A supporter comes from your own agency; the business office can add one from another agency.',
        quote: '',
        fields: [
          {
            id: 'supporterId',
            label: 'Supporter',
            kind: 'choice',
            required: true,
            choices: supporterChoices(dir, ctx.viewerId),
          },
        ],
      };
    case 'raise':
      throw new Error('raise is not a case form');
  }
}

/** Who `viewerId` may choose as a supporter: their own agency's people; the business office, anyone's. */
function supporterChoices(dir: Directory, viewerId: string): { title: string; value: string }[] {
  const office = isBusinessOffice(dir, viewerId);
  const own = findPerson(dir, viewerId)?.agencyId;
  return dir.people
    .filter((x) => x.id !== viewerId && x.agencyId !== 'partnership' && (office || x.agencyId === own))
    .map((x) => personChoice(dir, x));
}

function raiseFields(ctx: FormContext): { title: string; intro: string; quote: string; fields: Field[] } {
  const dir = ctx.directory;
  const me = dir.people.find((x) => x.id === ctx.viewerId);
  const procs = ctx.procedures ?? [];
  const others = dir.people.filter((x) => x.agencyId !== me?.agencyId && x.agencyId !== 'partnership');
  const fields: Field[] = [
    {
      id: 'procedureId',
      label: 'Procedure',
      kind: 'radio',
      required: true,
      choices: procs.map((p) => ({ title: p.title, value: p.id })),
      value: procs[0]?.id,
    },
    {
      id: 'otherProfessionalId',
      label: 'The professional you disagree with',
      kind: 'choice',
      required: true,
      choices: others.map((x) => personChoice(dir, x)),
      placeholder: 'Choose a person',
    },
    {
      id: 'reference',
      label: 'Your agency’s case reference',
      kind: 'text',
      required: true,
      maxLength: MAX.reference,
      placeholder: 'e.g. CSC/2026/0042',
      hint: 'Never the child’s name.',
    },
    {
      id: 'theme',
      label: 'What the disagreement is about (a short theme)',
      kind: 'text',
      required: true,
      maxLength: MAX.theme,
      placeholder: 'e.g. Threshold for a strategy discussion',
    },
    { id: 'summary', label: 'The disagreement', kind: 'multiline', required: true, maxLength: MAX.text },
  ];
  if (procs.some((p) => p.rules.imminentRisk))
    fields.push({
      id: 'imminentRisk',
      label:
        'A child is at imminent risk of harm and the other agency disagrees (starts stage 1 at once, where the procedure says so)',
      kind: 'toggle',
      value: 'false',
    });
  if (procs.some((p) => p.rules.conflictWithOwnManager))
    fields.push({
      id: 'conflictWithOwnManager',
      label:
        'The conflict is with my own line manager (goes to the next manager in line, where the procedure says so)',
      kind: 'toggle',
      value: 'false',
    });
  if (procs.some((p) => p.rules.supporterAllowed))
    fields.push({
      id: 'supporterId',
      label: 'A supporter from your agency (optional)',
      kind: 'choice',
      choices: supporterChoices(dir, ctx.viewerId),
      placeholder: 'No supporter',
    });
  return {
    title: 'Raise a professional disagreement',
    intro:
      'Before raising, try to resolve it by talking directly. Escalations are raised by telephone, face to face or online meeting.',
    quote: '',
    fields,
  };
}

export function formView(kind: FormKind, ctx: FormContext): Record<string, unknown> {
  const form = kind === 'raise' ? raiseFields(ctx) : caseFields(kind, ctx);
  const errors = ctx.errors ?? {};
  const values = ctx.values ?? {};
  const stage = ctx.c && ctx.procedure ? stageById(ctx.procedure, ctx.c.stage.stageId) : null;
  return {
    banner: ctx.banner,
    notice: ctx.notice ?? (Object.keys(errors).length ? 'Please correct the highlighted fields.' : ''),
    title: form.title,
    subtitle: ctx.c
      ? `Case ${literal(ctx.c.reference)} · ${stage?.label}: ${stage?.name} · ${formatLondon(ctx.now)}`
      : '',
    intro: form.intro,
    quote: form.quote,
    caseId: ctx.c?.caseId ?? ctx.newCaseId ?? '',
    // shown again after a failed save, the form keeps the version it was sent with, so that sending it again
    // is the same action (same idempotency key) even if the save did happen after all
    v: ctx.cardVersion ?? ctx.c?.version ?? 0,
    submitVerb: SUBMIT_OF[kind],
    submitTitle: kind === 'raise' ? 'Raise' : 'Save',
    cancelVerb: kind === 'raise' ? 'help' : 'refresh',
    cancelTitle: kind === 'raise' ? 'Cancel' : 'Back to the case',
    // a choice with nothing to choose is not shown (Adaptive Cards reject an empty choice set)
    fields: form.fields
      .filter((f) => !['choice', 'multichoice', 'radio'].includes(f.kind) || (f.choices ?? []).length > 0)
      .map((f) => ({
        ...f,
        choices: f.choices ?? [],
        required: f.required ?? false,
        requiredMessage: `${f.label}: required`,
        maxLength: f.maxLength ?? MAX.text,
        placeholder: f.placeholder ?? '',
        hint: f.hint ?? '',
        value: typeof values[f.id] === 'string' ? (values[f.id] as string) : (f.value ?? ''),
        error: Object.entries(errors).find(([k]) => inputIdFor(k) === f.id)?.[1] ?? '',
      })),
  };
}
