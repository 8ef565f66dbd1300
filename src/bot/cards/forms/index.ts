/** Every form the bot shows, as data for the one form template. Input ids are what parseAction reads. */
import { addWorkingDays, formatLondon } from '../../../domain/calendar';
import { MAX, type Case } from '../../../domain/case';
import type { Procedure } from '../../../domain/procedure/schema';
import { stageById } from '../../../domain/procedure/validate';
import type { CommandVerb, ViewVerb } from '../../verbs';
import { literal } from '../literal';
import { assign, refer, supporter } from './admin';
import { caseLimit } from './caseLimit';
import { clockDate } from './clockDate';
import { action, discussion, mediation, mediationOutcome, plan } from './discussion';
import { placeErrors } from './errors';
import {
  DATE_HINT,
  DEFAULT_DUE_DAYS,
  formDate,
  personChoice,
  type CaseForm,
  type FormContext,
  type FormFields,
  type FormKind,
} from './fields';
import { decision, escalate, learning, reject, withdraw } from './outcome';
import { raiseFields } from './raise';
import { clearRisk, closeActions, decline, nameApprover, resolve, setRisk } from './resolution';

export type { FormContext, FormKind } from './fields';

/** Which form each "open…" verb shows. */
export const FORM_OF = {
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
  openResolve: 'resolve',
  openDecline: 'decline',
  openSetRisk: 'setRisk',
  openClearRisk: 'clearRisk',
  openCloseActions: 'closeActions',
  openNameApprover: 'nameApprover',
  openCaseLimit: 'caseLimit',
  openClockDate: 'clockDate',
} as const satisfies Partial<Record<ViewVerb, FormKind>>;
export type FormVerb = keyof typeof FORM_OF;

/** Which command each form submits. */
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
  resolve: 'resolve',
  decline: 'declineResolution',
  setRisk: 'setImminentRisk',
  clearRisk: 'clearImminentRisk',
  closeActions: 'closeActions',
  nameApprover: 'nameApprover',
  caseLimit: 'setCaseLimit',
  clockDate: 'setClockDate',
};

/** One builder per form about a case (the raise form has no case yet). */
const CASE_FORMS: Record<Exclude<FormKind, 'raise'>, CaseForm> = {
  discussion,
  plan,
  action,
  escalate,
  reject,
  learning,
  mediation,
  mediationOutcome,
  decision,
  withdraw,
  refer,
  assign,
  supporter,
  resolve,
  decline,
  setRisk,
  clearRisk,
  closeActions,
  nameApprover,
  caseLimit,
  clockDate,
};

function caseFields(kind: Exclude<FormKind, 'raise'>, ctx: FormContext): FormFields {
  const c: Case = ctx.c!;
  const procedure: Procedure = ctx.procedure!;
  const dir = ctx.directory;
  const involved = [
    ...new Set([...c.stage.participants.map((x) => x.personId), ...Object.values(c.professionals)]),
  ];
  const people = dir.people.filter((x) => involved.includes(x.id) || c.agencies.includes(x.agencyId));
  const stage = stageById(procedure, c.stage.stageId);
  const owners = people.map((x) => personChoice(dir, x));
  const due = formDate(addWorkingDays(ctx.now, DEFAULT_DUE_DAYS, procedure.nation));
  return CASE_FORMS[kind]({ ctx, c, procedure, stage, dir, owners, due });
}

export function formView(kind: FormKind, ctx: FormContext): Record<string, unknown> {
  const form = kind === 'raise' ? raiseFields(ctx) : caseFields(kind, ctx);
  const values = ctx.values ?? {};
  const stage = ctx.c && ctx.procedure ? stageById(ctx.procedure, ctx.c.stage.stageId) : null;
  // a choice with nothing to choose is not shown (Adaptive Cards reject an empty choice set)
  const shown = form.fields.filter(
    (f) => !['choice', 'multichoice', 'radio'].includes(f.kind) || (f.choices ?? []).length > 0,
  );
  const errors = placeErrors(form.fields, new Set(shown.map((f) => f.id)), ctx.errors ?? {}, {
    notice: ctx.notice,
    values: ctx.values,
    now: ctx.now,
  });
  return {
    banner: ctx.banner,
    notice: errors.notice,
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
    submitTitle: form.submit ?? (kind === 'raise' ? 'Raise' : 'Save'),
    cancelVerb: kind === 'raise' ? 'help' : 'refresh',
    cancelTitle: kind === 'raise' ? 'Cancel' : 'Back to the case',
    fields: shown.map((f) => ({
      ...f,
      choices: f.choices ?? [],
      required: f.required ?? false,
      requiredMessage: `${f.label}: required`,
      maxLength: f.maxLength ?? (f.kind === 'date' ? 20 : MAX.text),
      placeholder: f.placeholder ?? (f.kind === 'date' ? 'DD/MM/YYYY' : ''),
      hint: f.hint ?? (f.kind === 'date' ? DATE_HINT : ''),
      // a toggle is labelled like every input (screen readers read the label, then "Yes, checkbox")
      title: f.title ?? 'Yes',
      value: typeof values[f.id] === 'string' ? (values[f.id] as string) : (f.value ?? ''),
      error: errors.byInput[f.id] ?? '',
    })),
  };
}
