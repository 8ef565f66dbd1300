/** Realistic card data: a case walked through a whole procedure, rendered for every person at every stage. */
import { computeReport } from '../../src/app/report';
import { reportView } from '../../src/bot/cards/report';
import { awayView } from '../../src/bot/away';
import { SYSTEM, type Case } from '../../src/domain/case';
import type { Directory } from '../../src/domain/directory';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import type { Procedure } from '../../src/domain/procedure/schema';
import { caseView } from '../../src/bot/cards/caseView';
import { formView, FORM_OF, type FormKind } from '../../src/bot/cards/forms';
import { helpView, myCasesView, timelineView } from '../../src/bot/cards/lists';
import { alertView, messageView } from '../../src/bot/cards/messages';
import type { TemplateName } from '../../src/bot/cards/render';
import { BUILTIN_PROCEDURES } from '../../src/domain/procedure/builtin';
import { testDirectory, withoutLineManager } from './directory';
import { Journey, raiseCommand } from './journey';

export interface Rendered {
  name: string;
  template: TemplateName;
  data: Record<string, unknown>;
}

const NOW = new Date('2026-12-08T12:00:00.000Z');
const FORMS = [...new Set(Object.values(FORM_OF))] as FormKind[];

/** A procedure whose stage 1 plan is due within 2 working days, or a protective timescale set for the case (#18). */
export function withCaseTimescale(procedure: Procedure, id = procedure.id): Procedure {
  const p = structuredClone(procedure);
  p.id = id;
  const plan = p.stages[0]!.clocks.find((k) => k.id === 'plan')!;
  plan.limit = {
    lesserOf: [
      { workingDays: 2 },
      {
        setForCase: {
          field: 'protective',
          label: 'A timescale that protects the child from harm',
          min: 1,
          max: 5,
          unit: 'workingDays',
        },
      },
    ],
  };
  return p;
}

/** A procedure whose stage 1 has a clock counted from a date people enter: the conference date (#18). */
export function withConferenceDate(procedure: Procedure, id = procedure.id): Procedure {
  const p = structuredClone(procedure);
  p.id = id;
  p.stages[0]!.clocks.push({
    id: 'before-conference',
    label: 'Settle it before the conference',
    requirement: 'outcome',
    anchor: {
      kind: 'userDate',
      field: 'conferenceDate',
      label: 'the date of the child protection conference',
    },
    limit: { workingDays: 1 },
    wording: 'Within a working day of the conference date.',
    isDefault: false,
    onPass: 'alert',
    remindBefore: null,
  });
  return p;
}

/** Snapshots of a seed-000 case at every stage, with `text` for every free-text field. */
export function walkedCases(
  text: (field: string) => string,
): { c: Case; procedure: Procedure; dir: Directory }[] {
  const procedure = builtinProcedure('conflict-resolution-flowchart')!;
  const dir = testDirectory();
  const j = new Journey(procedure, dir);
  const out: { c: Case; procedure: Procedure; dir: Directory }[] = [];
  j.when(
    'csc-practitioner',
    raiseCommand(procedure.id, {
      // as long as the text (up to 40), in a form the default rule accepts: a reference, never words
      reference: `REF/${'0'.repeat(Math.min(36, Math.max(4, text('reference').length - 4)))}`,
      theme: 'threshold',
      summary: text('summary'),
      supporterId: 'csc-supporter',
    }),
    '2026-12-07T10:00:00.000Z',
  );
  j.when('health-practitioner', { type: 'acknowledge' }, '2026-12-07T11:00:00.000Z');
  j.when(
    'csc-practitioner',
    {
      type: 'recordDiscussion',
      heldAt: '2026-12-07T09:00:00.000Z',
      method: 'email',
      attendeeIds: ['csc-practitioner', 'health-practitioner'],
      summary: text('discussion'),
      outcome: 'unresolved',
    },
    '2026-12-07T12:00:00.000Z',
  );
  j.when(
    'csc-practitioner',
    {
      type: 'agreePlan',
      text: text('plan'),
      actions: [{ text: text('action'), ownerId: 'health-practitioner', dueAt: '2026-12-20T12:00:00.000Z' }],
    },
    '2026-12-07T12:30:00.000Z',
  );
  // a discussion that counts (the e-mail above is recorded but does not): escalating needs one
  j.when(
    'csc-practitioner',
    {
      type: 'recordDiscussion',
      heldAt: '2026-12-07T12:40:00.000Z',
      method: 'telephone',
      attendeeIds: ['csc-practitioner', 'health-practitioner'],
      summary: text('discussion'),
      outcome: 'unresolved',
    },
    '2026-12-07T12:45:00.000Z',
  );
  j.when(
    'csc-practitioner',
    { type: 'requestEscalation', evidence: text('evidence') },
    '2026-12-07T13:00:00.000Z',
  );
  out.push({ c: j.case, procedure, dir });
  j.when('csc-manager', { type: 'approveOutcome' }, '2026-12-07T14:00:00.000Z');
  out.push({ c: j.case, procedure, dir });
  for (const at of ['2026-12-14T15:00:00.000Z', '2026-12-21T15:00:00.000Z', '2026-12-31T15:00:00.000Z']) {
    const due = j.case.stage.clocks.find((k) => k.dueAt && !k.metAt && !k.passedAt)!;
    j.system({ type: 'clockPassed', clockId: due.clockId }, at);
    out.push({ c: j.case, procedure, dir });
  }
  j.when(
    'csc-director',
    { type: 'recordLearningPoints', text: text('learning') },
    '2027-01-05T16:00:00.000Z',
  );
  out.push({ c: j.case, procedure, dir });
  j.when(
    'csc-director',
    {
      type: 'recordDiscussion',
      heldAt: '2027-01-05T16:10:00.000Z',
      method: 'online-meeting',
      attendeeIds: ['csc-director', 'health-director'],
      summary: text('discussion'),
      outcome: 'unresolved',
    },
    '2027-01-05T16:30:00.000Z',
  );
  j.when(
    'csc-director',
    { type: 'requestEscalation', evidence: text('evidence') },
    '2027-01-05T17:00:00.000Z',
  );
  out.push({ c: j.case, procedure, dir });
  j.when(
    'lead-1',
    { type: 'offerMediation', meetingAt: '2027-01-08T10:00:00.000Z' },
    '2027-01-06T10:00:00.000Z',
  );
  out.push({ c: j.case, procedure, dir });
  j.when(
    'lead-1',
    { type: 'recordMediationOutcome', outcome: 'resolved', summary: text('mediation') },
    '2027-01-08T12:00:00.000Z',
  );
  out.push({ c: j.case, procedure, dir });
  void SYSTEM;
  return [...out, ...otherStates(text)];
}

/** States the main walk does not pass through: just raised, a missing manager, and seed 002's referral and Chair stages. */
function otherStates(text: (field: string) => string): { c: Case; procedure: Procedure; dir: Directory }[] {
  const out: { c: Case; procedure: Procedure; dir: Directory }[] = [];
  const flow = builtinProcedure('conflict-resolution-flowchart')!;
  const fresh = new Journey(flow, withoutLineManager(testDirectory(), 'csc-practitioner'));
  fresh.when(
    'csc-practitioner',
    raiseCommand(flow.id, { summary: text('summary') }),
    '2026-12-07T10:00:00.000Z',
  );
  out.push({ c: fresh.case, procedure: flow, dir: fresh.directory });
  fresh.system({ type: 'clockPassed', clockId: 'plan' }, '2026-12-09T10:00:00.000Z');
  out.push({ c: fresh.case, procedure: flow, dir: fresh.directory });
  const bscp = builtinProcedure('bscp-escalation-procedure')!;
  const b = new Journey(bscp, testDirectory());
  b.when(
    'csc-practitioner',
    raiseCommand(bscp.id, { imminentRisk: true, summary: text('summary') }),
    '2026-12-07T10:00:00.000Z',
  );
  b.when(
    'csc-manager',
    {
      type: 'recordDiscussion',
      heldAt: '2026-12-07T10:30:00.000Z',
      method: 'telephone',
      attendeeIds: ['csc-manager', 'health-manager'],
      summary: text('discussion'),
      outcome: 'unresolved',
    },
    '2026-12-07T10:45:00.000Z',
  );
  // seed 002: "referred without delay": no approval between stage 1 and stage 2
  b.when('csc-manager', { type: 'requestEscalation', evidence: '' }, '2026-12-07T11:00:00.000Z');
  out.push({ c: b.case, procedure: bscp, dir: b.directory });
  b.when(
    'csc-headOfService',
    { type: 'referToStage', stageId: 'stage-4', reason: text('reason').slice(0, 2000) },
    '2026-12-07T12:00:00.000Z',
  );
  out.push({ c: b.case, procedure: bscp, dir: b.directory });
  return out;
}

/** Every card the bot can show, filled by `text` (use long text for size checks, markers for leak checks). */
export function everyCard(
  text: (field: string) => string = (f) => `Example ${f}, written out in full sentences`,
): Rendered[] {
  const out: Rendered[] = [];
  const banner = 'Local demo — not for real cases';
  const cases = walkedCases(text);
  for (const { c, procedure, dir } of cases) {
    const viewers = [...new Set([...dir.people.map((p) => p.id)])];
    for (const viewerId of viewers) {
      out.push({
        name: `case ${c.stage.stageId} for ${viewerId}`,
        template: 'caseCard',
        data: caseView({
          c,
          procedure,
          directory: dir,
          viewerId,
          now: NOW,
          banner,
          headline: 'A headline',
          refreshUserIds: ['29:a', '29:b'],
        }),
      });
    }
    for (const kind of FORMS.filter((k) => k !== 'raise')) {
      out.push({
        name: `form ${kind} at ${c.stage.stageId}`,
        template: 'formCard',
        data: formView(kind, {
          directory: dir,
          viewerId: 'csc-practitioner',
          now: NOW,
          banner,
          c,
          procedure,
          errors: { summary: 'Required.' },
        }),
      });
    }
    out.push({
      name: `timeline at ${c.stage.stageId}`,
      template: 'listCard',
      data: timelineView(c, procedure, dir, banner),
    });
  }
  const { c, procedure, dir } = cases[0]!;
  out.push({
    name: 'raise form',
    template: 'formCard',
    data: formView('raise', {
      directory: dir,
      viewerId: 'csc-practitioner',
      now: NOW,
      banner,
      procedures: [...BUILTIN_PROCEDURES],
      newCaseId: 'new-case-id-123',
    }),
  });
  out.push({ name: 'help', template: 'listCard', data: helpView([...BUILTIN_PROCEDURES], banner) });
  const protective = withCaseTimescale(procedure);
  out.push({
    name: 'case whose procedure lets a timescale be set for it',
    template: 'caseCard',
    data: caseView({
      c,
      procedure: protective,
      directory: dir,
      viewerId: 'csc-practitioner',
      now: NOW,
      banner,
      headline: '',
      refreshUserIds: [],
    }),
  });
  const dated = withConferenceDate(procedure);
  const waiting: Case = {
    ...c,
    stage: {
      ...c.stage,
      clocks: [
        ...c.stage.clocks,
        { ...c.stage.clocks[0]!, clockId: 'before-conference', dueAt: null, metAt: null, passedAt: null },
      ],
    },
  };
  out.push({
    name: 'case waiting for a date to be entered',
    template: 'caseCard',
    data: caseView({
      c: waiting,
      procedure: dated,
      directory: dir,
      viewerId: 'csc-practitioner',
      now: NOW,
      banner,
      headline: '',
      refreshUserIds: [],
    }),
  });
  out.push({
    name: 'form clockDate with a date to enter',
    template: 'formCard',
    data: formView('clockDate', {
      directory: dir,
      viewerId: 'csc-practitioner',
      now: NOW,
      banner,
      c: waiting,
      procedure: dated,
    }),
  });
  out.push({
    name: 'form caseLimit with a timescale to set',
    template: 'formCard',
    data: formView('caseLimit', {
      directory: dir,
      viewerId: 'csc-practitioner',
      now: NOW,
      banner,
      c,
      procedure: protective,
    }),
  });
  out.push({
    name: 'my cases',
    template: 'listCard',
    data: myCasesView(
      cases.map((x) => ({ c: x.c, procedure })),
      dir,
      banner,
    ),
  });
  const period = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
  const figures = computeReport(
    cases.map((x) => x.c),
    [...BUILTIN_PROCEDURES],
    dir,
    period,
  );
  for (const personal of [true, false])
    out.push({
      name: `report (${personal ? '1:1' : 'channel'})`,
      template: 'reportCard',
      data: reportView(figures, {
        banner,
        title: 'Report',
        showLearningText: personal,
        periodButtons: personal,
      }),
    });
  out.push({
    name: 'report, no cases',
    template: 'reportCard',
    data: reportView(computeReport([], [...BUILTIN_PROCEDURES], dir, period), {
      banner,
      title: 'Report',
      showLearningText: true,
      periodButtons: true,
    }),
  });
  const manager = dir.people.find((p) => p.role === 'manager')!;
  const colleague = dir.people.find(
    (p) => p.agencyId === manager.agencyId && p.role !== 'practitioner' && p.id !== manager.id,
  );
  out.push({
    name: 'out of office, set',
    template: 'formCard',
    data: awayView(
      colleague
        ? {
            ...dir,
            delegations: [
              { personId: manager.id, delegateId: colleague.id, from: '2026-12-01', to: '2027-01-04' },
            ],
          }
        : dir,
      manager.id,
      NOW,
      banner,
    ),
  });
  out.push({ name: 'my cases, none', template: 'listCard', data: myCasesView([], dir, banner) });
  out.push({
    name: 'message',
    template: 'messageCard',
    data: messageView({
      banner,
      title: 'Not possible',
      text: 'Because.',
      fields: { summary: 'Required.' },
      caseId: c.caseId,
    }),
  });
  out.push({
    name: 'alert',
    template: 'alertCard',
    data: alertView({
      banner,
      reason: 'escalatedAutomatically',
      caseId: c.caseId,
      reference: c.reference,
      stageLabel: 'Stage 2',
      dueAt: '2026-12-14T10:00:00.000Z',
    }),
  });
  return out;
}
