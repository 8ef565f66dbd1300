/** Card data for states the walked case does not reach: a resolution waiting for agreement, an approver to name, a case before imminent risk, a course of action. */
import { caseView } from '../../src/bot/cards/caseView';
import { formView, FORM_OF, type FormKind } from '../../src/bot/cards/forms';
import { timelineView } from '../../src/bot/cards/lists';
import type { Case } from '../../src/domain/case';
import type { Directory } from '../../src/domain/directory';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import type { Procedure } from '../../src/domain/procedure/schema';
import type { Rendered } from './cardFixtures';
import { testDirectory, withoutLineManager } from './directory';
import { Journey, raiseCommand } from './journey';

const NOW = new Date('2026-12-08T12:00:00.000Z');
const FORMS = [...new Set(Object.values(FORM_OF))].filter((k) => k !== 'raise') as FormKind[];
type State = { c: Case; procedure: Procedure; dir: Directory };

function states(text: (field: string) => string): State[] {
  const out: State[] = [];
  // seed 002 stage 1 (imminent risk): a resolution proposed by a first line manager who has no line manager
  // of their own in the directory, so once agreed an approver must be named
  const flow = builtinProcedure('bscp-escalation-procedure')!;
  const j = new Journey(flow, withoutLineManager(testDirectory(), 'health-manager'));
  j.when(
    'csc-practitioner',
    raiseCommand(flow.id, { theme: 'threshold', summary: text('summary'), imminentRisk: true }),
    '2026-12-07T10:00:00.000Z',
  );
  j.when(
    'health-manager',
    {
      type: 'proposeResolution',
      summary: text('resolution'),
      actions: [0, 1, 2].map((i) => ({
        text: text('action'),
        ownerId: i % 2 ? 'csc-manager' : 'health-manager',
        dueAt: '2026-12-20T17:00:00.000Z',
      })),
    },
    '2026-12-07T11:00:00.000Z',
  );
  out.push({ c: j.case, procedure: flow, dir: j.directory });
  j.when('csc-manager', { type: 'agreeResolution' }, '2026-12-07T12:00:00.000Z');
  out.push({ c: j.case, procedure: flow, dir: j.directory });
  // seed 002 before stage 1: imminent risk can be marked; then the Chair agrees a course of action
  const bscp = builtinProcedure('bscp-escalation-procedure')!;
  const b = new Journey(bscp, testDirectory());
  b.when(
    'csc-practitioner',
    raiseCommand(bscp.id, { theme: 'threshold', summary: text('summary') }),
    '2026-12-07T10:00:00.000Z',
  );
  out.push({ c: b.case, procedure: bscp, dir: b.directory });
  b.when(
    'bo-1',
    { type: 'referToStage', stageId: 'stage-4', reason: text('reason').slice(0, 2000) },
    '2026-12-07T12:00:00.000Z',
  );
  b.when(
    'chair-1',
    {
      type: 'recordBindingDecision',
      kind: 'courseOfAction',
      text: text('decision'),
      actions: [{ text: text('action'), ownerId: 'csc-manager', dueAt: '2026-12-10T17:00:00.000Z' }],
    },
    '2026-12-07T13:00:00.000Z',
  );
  out.push({ c: b.case, procedure: bscp, dir: b.directory });
  return out;
}

/** Every viewer's case card, every form and the timeline for those states. */
export function resolutionCards(
  text: (field: string) => string = (f) => `Example ${f}, written out in full sentences`,
): Rendered[] {
  const banner = 'Local demo — not for real cases';
  return states(text).flatMap(({ c, procedure, dir }, i): Rendered[] => [
    ...dir.people.map((p): Rendered => ({
      name: `resolution state ${i} for ${p.id}`,
      template: 'caseCard',
      data: caseView({
        c,
        procedure,
        directory: dir,
        viewerId: p.id,
        now: NOW,
        banner,
        headline: 'A headline',
      }),
    })),
    ...FORMS.map((kind): Rendered => ({
      name: `form ${kind} in resolution state ${i}`,
      template: 'formCard',
      data: formView(kind, { directory: dir, viewerId: 'csc-practitioner', now: NOW, banner, c, procedure }),
    })),
    {
      name: `timeline in resolution state ${i}`,
      template: 'listCard',
      data: timelineView(c, procedure, dir, banner),
    },
  ]);
}
