/**
 * Privacy of logs and business office alerts: full journeys of both built-in procedures over HTTP with a
 * unique marker in every free-text field the cards accept. No marker may reach any log line (captured at
 * trace, the lowest level) or the console; business office alerts carry only reference, stage and deadline.
 * The markers must reach the case store, so the test cannot pass by planting nothing.
 */
import { strict as assert } from 'node:assert';
import { randomBytes, randomInt } from 'node:crypto';
import { format } from 'node:util';
import sinon from 'sinon';
import type { CaseDoc } from '../../src/app/caseDocument';
import { formView, SUBMIT_OF, type FormKind } from '../../src/bot/cards/forms';
import { alertView } from '../../src/bot/cards/messages';
import type { AlertReason } from '../../src/domain/case';
import { BUILTIN_PROCEDURES, builtinProcedure } from '../../src/domain/procedure/builtin';
import { LOCAL_BANNER } from '../../src/startApp';
import { buttons, cardText, startHarness, type Harness } from '../support/botHarness';
import { BO_CHANNEL, DEMO } from '../support/demoPeople';
import { MemoryLog } from '../support/memoryLog';

const SENIOR_POLICE = '00000000-0000-4000-8000-000000000013';
const FLOW = 'conflict-resolution-flowchart';
const BSCP = 'bscp-escalation-procedure';

interface Marker {
  field: string; // `${verb}.${input id}`
  value: string;
  /** Expected in the case store (false: refused input, or an input the domain checks and discards). */
  stored: boolean;
}
const markers: Marker[] = [];
/** A unique marker for one card input; references may only hold letters, digits and - / _ . */
function plant(verb: string, input: string, stored = true): string {
  const value = `MARKER-${verb}.${input}-${randomBytes(4).toString('hex')}`;
  markers.push({ field: `${verb}.${input}`, value, stored });
  return value;
}
const REFERENCES = new Set<string>();
/** A unique reference in the demo's Children's Social Care format (CSC/ then the year then 4 digits). */
function reference(): string {
  let r = '';
  while (!r || REFERENCES.has(r)) r = `CSC/2026/${randomInt(1000, 10_000)}`;
  markers.push({ field: 'raise.reference', value: r, stored: true });
  REFERENCES.add(r);
  return r;
}

/** Every alert reason (the compiler checks the list is complete): each headline is fixed wording. */
const ALERT_REASON_SET: Record<AlertReason, true> = {
  stageEntered: true,
  deadlinePassed: true,
  managerMissing: true,
  capPassed: true,
  closed: true,
  escalatedAutomatically: true,
  caseNearlyFull: true,
  deliveryFailed: true,
  deliveryUnconfirmed: true,
  imminentRisk: true,
  actionOverdue: true,
};
const ALERT_REASONS = Object.keys(ALERT_REASON_SET) as AlertReason[];

describe('no card text in logs or business office alerts (markers through both procedures, HTTP)', function () {
  this.timeout(120_000);
  const log = new MemoryLog('trace');
  const spies: sinon.SinonSpy[] = [];
  let h: Harness;
  let setUpTraffic = 0;
  const ids = {
    flow: 'f1000000-0000-4000-8000-00000000000f',
    bscp: 'b2000000-0000-4000-8000-00000000000b',
    withdrawn: 'f3000000-0000-4000-8000-00000000000f',
    resolved: 'b4000000-0000-4000-8000-00000000000b',
  };

  const doc = async (id: string) => (await h.app.store.cases.get<CaseDoc>(id))!;
  const version = async (id: string) => (await doc(id)).version;
  const advance = async (iso: string) => {
    const res = await fetch(`${h.app.url}/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceTo: iso }),
    });
    assert.equal(res.status, 200);
  };
  /** Act, and check the card said it was done. */
  async function act(who: string, verb: string, data: Record<string, unknown>, expected: RegExp) {
    // let the dispatcher finish what the previous step implied: a card action racing it can lose every retry
    await h.settle();
    const mark = log.mark();
    const r = await h.invoke(who, verb, data);
    const failed = log.since(mark).filter((e) => e.event === 'actionFailed' || e.event === 'actionRefused');
    assert.equal(r.status, 200);
    assert.deepEqual(failed, [], `${verb} was refused: ${cardText(r.card).slice(0, 300)}`);
    assert.match(
      cardText(r.card),
      expected,
      `${verb} was not applied: ${JSON.stringify(failed)} ${cardText(r.card).slice(0, 300)}`,
    );
    return r;
  }
  const raise = (who: string, caseId: string, procedureId: string, extra: Record<string, unknown> = {}) =>
    act(
      who,
      'raise',
      {
        caseId,
        v: 0,
        procedureId,
        otherProfessionalId: DEMO.jamie,
        reference: reference(),
        theme: 'threshold', // an id from the list, not typed text
        summary: plant('raise', 'summary'),
        imminentRisk: 'false',
        conflictWithOwnManager: 'false',
        ...extra,
      },
      /Raised\./,
    );

  before(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const spy = sinon.spy(console, method);
      spies.push(spy);
    }
    h = await startHarness({}, undefined, { log: log.logger });
    for (const p of Object.values(DEMO)) await h.install(p);
    await h.install(SENIOR_POLICE);
    await h.message(DEMO.grace, 'help', { id: BO_CHANNEL, type: 'channel' });
    setUpTraffic = h.connector.received.length;
  });
  after(async () => {
    for (const spy of spies) spy.restore();
    await h.close();
  });

  it('logs at the lowest level there is', () => {
    assert.equal(log.logger.level, 'trace');
  });

  it('runs seed 000 from raise to mediation with a marker in every free-text input', async () => {
    const id = ids.flow;
    await raise(DEMO.priya, id, FLOW);
    await act(DEMO.jamie, 'acknowledge', { caseId: id, v: await version(id) }, /Acknowledged\./);
    // refused input: logged as a refusal, never with what was typed
    const invalid = await h.invoke(DEMO.priya, 'recordDiscussion', {
      caseId: id,
      v: await version(id),
      heldAtDate: '2026-12-07',
      heldAtTime: '09:30',
      attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
      summary: plant('recordDiscussion', 'summary (refused)', false),
      outcome: 'unresolved',
    });
    assert.match(
      cardText(invalid.card),
      /Please correct 1 field: How it was held — choose how the discussion was held\./,
    );
    await act(
      DEMO.priya,
      'recordDiscussion',
      {
        caseId: id,
        v: await version(id),
        heldAtDate: '2026-12-07',
        heldAtTime: '09:30',
        method: 'telephone',
        attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
        summary: plant('recordDiscussion', 'summary'),
        outcome: 'unresolved',
      },
      /Discussion recorded/,
    );
    await act(
      DEMO.priya,
      'agreePlan',
      {
        caseId: id,
        v: await version(id),
        plan: plant('agreePlan', 'plan'),
        action0Text: plant('agreePlan', 'action0Text'),
        action0Owner: DEMO.jamie,
        action0Due: '2026-12-09',
        action1Text: plant('agreePlan', 'action1Text'),
        action1Owner: DEMO.priya,
        action1Due: '2026-12-09',
        action2Text: plant('agreePlan', 'action2Text'),
        action2Owner: DEMO.jamie,
        action2Due: '2027-01-20',
      },
      /Plan recorded/,
    );
    await act(
      DEMO.priya,
      'addAction',
      {
        caseId: id,
        v: await version(id),
        actionText: plant('addAction', 'actionText'),
        actionOwner: DEMO.jamie,
        actionDue: '2026-12-10',
      },
      /Action added/,
    );
    await act(
      DEMO.jamie,
      'completeAction',
      { caseId: id, v: await version(id), actionId: 'a1' },
      /Action marked done/,
    );
    await act(
      DEMO.priya,
      'requestEscalation',
      { caseId: id, v: await version(id), evidence: plant('requestEscalation', 'evidence') },
      /Escalation requested/,
    );
    await act(
      DEMO.cscManager,
      'rejectOutcome',
      { caseId: id, v: await version(id), reason: plant('rejectOutcome', 'reason') },
      /Rejected/,
    );
    await act(
      DEMO.priya,
      'requestEscalation',
      { caseId: id, v: await version(id), evidence: plant('requestEscalation', 'evidence') },
      /Escalation requested/,
    );
    await act(DEMO.cscManager, 'approveOutcome', { caseId: id, v: await version(id) }, /Stage 2/);
    await h.settle();

    await advance('2026-12-15T10:00:00.000Z');
    await advance('2026-12-22T10:05:00.000Z');
    await advance('2026-12-31T10:10:00.000Z');
    assert.equal((await doc(id)).state.stage.stageId, 'stage-4');
    await act(
      DEMO.cscDirector,
      'recordLearningPoints',
      { caseId: id, v: await version(id), learningPoints: plant('recordLearningPoints', 'learningPoints') },
      /Saved/,
    );
    await advance('2027-01-05T10:15:00.000Z');
    assert.equal((await doc(id)).state.stage.stageId, 'stage-5');
    await act(
      DEMO.grace,
      'recordLearningPoints',
      { caseId: id, v: await version(id), learningPoints: plant('recordLearningPoints', 'learningPoints') },
      /Saved/,
    );
    await act(
      DEMO.lead,
      'offerMediation',
      { caseId: id, v: await version(id), meetingDate: '2027-01-08', meetingTime: '10:00' },
      /Mediation offered/,
    );
    await act(
      DEMO.lead,
      'recordMediationOutcome',
      {
        caseId: id,
        v: await version(id),
        outcome: 'resolved',
        summary: plant('recordMediationOutcome', 'summary'),
        learningPoints: plant('recordMediationOutcome', 'learningPoints'),
      },
      /Resolved/,
    );
    await h.settle();
    assert.equal((await doc(id)).state.status, 'resolved');
  });

  it('runs seed 002 from an imminent-risk raise to the Chair’s binding decision', async () => {
    const id = ids.bscp;
    await raise(DEMO.sam, id, BSCP, { imminentRisk: 'true' });
    await act(
      DEMO.policeManager,
      'recordDiscussion',
      {
        caseId: id,
        v: await version(id),
        heldAtDate: '2026-12-07',
        heldAtTime: '09:30',
        method: 'telephone',
        attendeeIds: `${DEMO.policeManager},${DEMO.healthManager}`,
        summary: plant('recordDiscussion', 'summary'),
        outcome: 'unresolved',
      },
      /Discussion recorded/,
    );
    // seed 002: "referred without delay": stage 1 escalates with no approval step
    await act(
      DEMO.policeManager,
      'requestEscalation',
      { caseId: id, v: await version(id), evidence: plant('requestEscalation', 'evidence') },
      /Stage 2/,
    );
    // raised at imminent risk: cleared with a reason, then set again with one
    await act(
      DEMO.healthHead,
      'clearImminentRisk',
      { caseId: id, v: await version(id), reason: plant('clearImminentRisk', 'reason') },
      /Imminent risk cleared/,
    );
    await act(
      DEMO.healthHead,
      'setImminentRisk',
      { caseId: id, v: await version(id), reason: plant('setImminentRisk', 'reason') },
      /Imminent risk/i,
    );
    await act(
      DEMO.healthHead,
      'referToStage',
      { caseId: id, v: await version(id), stageId: 'stage-4', reason: plant('referToStage', 'reason') },
      /Stage 4/,
    );
    await act(
      DEMO.chair,
      'recordLearningPoints',
      { caseId: id, v: await version(id), learningPoints: plant('recordLearningPoints', 'learningPoints') },
      /Saved/,
    );
    // seed 002: the Chair may "agree on an appropriate course of action to reach this binding decision" first
    await act(
      DEMO.chair,
      'recordBindingDecision',
      {
        caseId: id,
        v: await version(id),
        kind: 'courseOfAction',
        decision: plant('recordBindingDecision', 'decision'),
        action0Text: plant('recordBindingDecision', 'action0Text'),
        action0Owner: DEMO.healthHead,
        action0Due: '2027-01-20',
        action1Text: plant('recordBindingDecision', 'action1Text'),
        action1Owner: DEMO.healthHead,
        action1Due: '2027-01-20',
        action2Text: plant('recordBindingDecision', 'action2Text'),
        action2Owner: DEMO.healthHead,
        action2Due: '2027-01-20',
      },
      /Saved|course of action/i, // the refusal check above makes sure it was applied
    );
    await act(
      DEMO.chair,
      'recordBindingDecision',
      {
        caseId: id,
        v: await version(id),
        kind: 'final',
        decision: plant('recordBindingDecision', 'decision'),
      },
      /Decided/,
    );
    await h.settle();
    assert.equal((await doc(id)).state.status, 'decided');
  });

  it('withdraws a case, resolves one at pre-escalation, and refuses text it does not understand', async () => {
    await raise(DEMO.priya, ids.withdrawn, FLOW);
    await act(
      DEMO.priya,
      'withdraw',
      { caseId: ids.withdrawn, v: await version(ids.withdrawn), reason: plant('withdraw', 'reason') },
      /Withdrawn/,
    );
    await raise(DEMO.sam, ids.resolved, BSCP);
    const propose = async () =>
      act(
        DEMO.sam,
        'resolve',
        {
          caseId: ids.resolved,
          v: await version(ids.resolved),
          summary: plant('resolve', 'summary'),
          action0Text: plant('resolve', 'action0Text'),
          action0Owner: DEMO.jamie,
          action0Due: '2027-01-20',
          action1Text: plant('resolve', 'action1Text'),
          action1Owner: DEMO.sam,
          action1Due: '2027-01-20',
          action2Text: plant('resolve', 'action2Text'),
          action2Owner: DEMO.jamie,
          action2Due: '2027-01-20',
        },
        /Resolution proposed/,
      );
    await propose();
    await act(
      DEMO.jamie,
      'declineResolution',
      { caseId: ids.resolved, v: await version(ids.resolved), reason: plant('declineResolution', 'reason') },
      /Resolution declined/,
    );
    await propose();
    await act(
      DEMO.jamie,
      'agreeResolution',
      { caseId: ids.resolved, v: await version(ids.resolved) },
      /agreed/,
    );
    await act(
      DEMO.grace,
      'closeActions',
      { caseId: ids.resolved, v: await version(ids.resolved), reason: plant('closeActions', 'reason') },
      /Outstanding actions closed/,
    );
    const unknown = await h.invoke(DEMO.priya, plant('card', 'verb', false), { caseId: ids.flow, v: 1 });
    assert.match(cardText(unknown.card), /does not know/);
    const badId = await h.invoke(DEMO.priya, 'approveOutcome', {
      caseId: plant('card', 'case id', false),
      v: 1,
    });
    assert.match(cardText(badId.card), /does not name a case/);
    const message = await h.message(DEMO.priya, `please help with ${plant('message', 'text', false)}`);
    assert.equal(message.status, 200);
    const lookup = await h.message(DEMO.sam, `case ${plant('message', 'reference', false)}`);
    assert.equal(lookup.status, 200);
    await h.settle();
    assert.equal((await doc(ids.withdrawn)).state.status, 'withdrawn');
    assert.equal((await doc(ids.resolved)).state.status, 'resolved');
  });

  it('planted a marker in every free-text input of every form', async () => {
    const planted = new Set(markers.map((m) => m.field));
    const directory = (await h.app.store.directory.load('demo'))!;
    const c = (await doc(ids.flow)).state;
    const base = { directory, viewerId: DEMO.priya, now: new Date('2026-12-07T10:00:00Z'), banner: '' };
    let free = 0;
    for (const kind of Object.keys(SUBMIT_OF) as FormKind[]) {
      const view =
        kind === 'raise'
          ? formView(kind, { ...base, procedures: [...BUILTIN_PROCEDURES] })
          : formView(kind, { ...base, c, procedure: builtinProcedure(FLOW)! });
      for (const f of view.fields as { id: string; kind: string }[]) {
        if (f.kind !== 'text' && f.kind !== 'multiline') continue;
        free++;
        assert.ok(planted.has(`${SUBMIT_OF[kind]}.${f.id}`), `no marker in ${SUBMIT_OF[kind]}.${f.id}`);
      }
    }
    assert.ok(free >= 15, `only ${free} free-text inputs found`);
  });

  it('stored every accepted marker, and no refused one', async () => {
    // the whole case: its document and the archive documents older events moved to (#20)
    const whole = async (id: string) => [await doc(id), ...(await h.app.store.cases.archives(id))];
    const stored = JSON.stringify(await Promise.all(Object.values(ids).map(whole)));
    for (const m of markers) {
      if (m.stored) assert.ok(stored.includes(m.value), `${m.field} never reached the case store`);
      else if (m.field.includes('refused')) assert.ok(!stored.includes(m.value), `refused ${m.field} stored`);
    }
    assert.ok(markers.filter((m) => m.stored).length >= 25);
  });

  it('logged no marker at any level, and printed none to the console', () => {
    const all = log.text();
    assert.ok(log.lines.length >= 10, 'the app logged while the journeys ran');
    assert.ok(
      log.since(0).filter((e) => e.event === 'actionApplied').length >= 20,
      'every applied card action was logged (without its inputs)',
    );
    const refusals = log.since(0).filter((e) => e.event === 'actionRefused' || e.event === 'refused');
    assert.ok(refusals.length >= 3, 'the refused inputs were logged (without their text)');
    const printed = spies
      .flatMap((s) => s.getCalls().map((c) => format(...(c.args as unknown[]))))
      .join('\n');
    for (const m of markers) {
      assert.ok(!all.includes(m.value), `${m.field} reached the log: ${m.value}`);
      assert.ok(!printed.includes(m.value), `${m.field} was printed to the console`);
    }
    assert.ok(!all.includes('MARKER-'), 'part of a marker reached the log');
  });

  it('sent business office alerts with the reference, stage and deadline only', () => {
    const traffic = h.connector.received.filter((r) => r.conversationId === BO_CHANNEL);
    for (const r of traffic)
      for (const m of markers)
        if (!REFERENCES.has(m.value))
          assert.ok(
            !JSON.stringify(r.body).includes(m.value),
            `${m.field} sent to the business office channel`,
          );
    // after the set-up's "help" typed in the channel, everything posted there is an alert
    const alerts = h.connector.received
      .slice(setUpTraffic)
      .filter((r) => r.conversationId === BO_CHANNEL && r.status >= 200 && r.status < 300);
    assert.ok(alerts.length >= 4, `only ${alerts.length} alerts`);
    const headlines = new Set(
      ALERT_REASONS.map(
        (reason) =>
          alertView({ banner: '', reason, caseId: '', reference: '', stageLabel: '', dueAt: null })
            .headline as string,
      ),
    );
    const stageLabels = new Set(BUILTIN_PROCEDURES.flatMap((p) => p.stages.map((s) => s.label)));
    const fixed = new Set([
      LOCAL_BANNER,
      'Case reference',
      'Stage',
      'Next deadline',
      'No deadline is running at this stage',
      'None: the case is closed',
      'Open the case',
    ]);
    const deadline =
      /^by ((Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}|the end of (Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2} \d{4})$/;
    const seenReferences = new Set<string>();
    for (const r of alerts) {
      assert.ok(!r.body.text, 'no text (or @mention) beside the card');
      const body = JSON.stringify(r.body);
      for (const m of markers)
        if (!REFERENCES.has(m.value)) assert.ok(!body.includes(m.value), `${m.field} in an alert`);
      const [card, ...more] = h.connector.cards(r);
      assert.equal(more.length, 0);
      for (const line of cardText(card).split('\n')) {
        if (REFERENCES.has(line)) seenReferences.add(line);
        assert.ok(
          fixed.has(line) ||
            headlines.has(line) ||
            stageLabels.has(line) ||
            REFERENCES.has(line) ||
            deadline.test(line),
          `an alert says more than reference, stage and deadline: "${line}"`,
        );
      }
      assert.deepEqual(
        buttons(card).map((b) => Object.keys(b.data)),
        [['caseId']],
        'the only button opens the case',
      );
    }
    assert.ok(seenReferences.size >= 2, 'alerts name the case by its reference');
  });
});
