/**
 * Journeys through both built-in procedures over HTTP with a unique marker in every free-text input the cards
 * accept (and in case references, which are case data too): what the telemetry test drives before it reads what
 * reached the fake ingestion endpoint.
 */
import { strict as assert } from 'node:assert';
import { randomInt, randomBytes } from 'node:crypto';
import type { CaseDoc } from '../../src/app/caseDocument';
import { cardText, type Harness } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';

export const FLOW = 'conflict-resolution-flowchart';
export const BSCP = 'bscp-escalation-procedure';

export const CASES = {
  flow: 'f1000000-0000-4000-8000-0000000000f1',
  bscp: 'b2000000-0000-4000-8000-0000000000b2',
  withdrawn: 'f3000000-0000-4000-8000-0000000000f3',
  resolved: 'b4000000-0000-4000-8000-0000000000b4',
};

export class Markers {
  readonly planted: { field: string; value: string }[] = [];

  /** A unique, id-shaped marker (no spaces: it would pass a check for sentences, so only a key list keeps it out). */
  text(verb: string, input: string): string {
    return this.add(`${verb}.${input}`, `MARKER-${verb}.${input}-${randomBytes(4).toString('hex')}`);
  }

  /** A case reference in the raiser's agency's format: CSC's own pattern, or the default rule (police). */
  reference(agency: 'csc' | 'police'): string {
    const digits = (n: number) => String(randomInt(10 ** (n - 1), 10 ** n));
    const value = agency === 'csc' ? `CSC/${digits(4)}/${digits(4)}` : `PX-${digits(6)}-${digits(4)}`;
    return this.add('raise.reference', value);
  }

  private add(field: string, value: string): string {
    this.planted.push({ field, value });
    return value;
  }
}

export class Journeys {
  constructor(
    private readonly h: Harness,
    private readonly m: Markers,
  ) {}

  doc = async (id: string) => (await this.h.app.store.cases.get<CaseDoc>(id))!;
  private v = async (id: string) => (await this.doc(id)).version;

  /** Move the bot's clock (the sweep and the dispatcher run). */
  async advance(iso: string): Promise<void> {
    const res = await fetch(`${this.h.app.url}/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceTo: iso }),
    });
    assert.equal(res.status, 200);
  }

  /** Act, and check the card said it was done. */
  async act(who: string, verb: string, data: Record<string, unknown>, expected: RegExp): Promise<void> {
    await this.h.settle();
    const r = await this.h.invoke(who, verb, data);
    assert.equal(r.status, 200);
    assert.match(cardText(r.card), expected, `${verb} was not applied: ${cardText(r.card).slice(0, 400)}`);
  }

  private raise(who: string, caseId: string, procedureId: string, reference: string, extra = {}) {
    const data = {
      caseId,
      v: 0,
      procedureId,
      otherProfessionalId: DEMO.jamie,
      reference,
      theme: 'threshold',
    };
    const summary = this.m.text('raise', 'summary');
    const flags = { imminentRisk: 'false', conflictWithOwnManager: 'false' };
    return this.act(who, 'raise', { ...data, summary, ...flags, ...extra }, /Raised\./);
  }

  private discussion(id: string, v: number, attendees: string[]) {
    const when = { heldAtDate: '2026-12-07', heldAtTime: '09:30', method: 'telephone' };
    const summary = this.m.text('recordDiscussion', 'summary');
    return { caseId: id, v, ...when, attendeeIds: attendees.join(','), summary, outcome: 'unresolved' };
  }

  /** Three agreed actions with marked text (the plan, resolution and binding decision forms). */
  private actions(verb: string, owners: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    owners.forEach((owner, i) => {
      out[`action${i}Text`] = this.m.text(verb, `action${i}Text`);
      out[`action${i}Owner`] = owner;
      out[`action${i}Due`] = '2027-01-20';
    });
    return out;
  }

  /** Seed 000 from raise to mediation: approval, rejection, automatic escalations, learning points. */
  async flowchart(): Promise<void> {
    const { m } = this;
    const id = CASES.flow;
    await this.raise(DEMO.priya, id, FLOW, m.reference('csc'));
    await this.act(DEMO.jamie, 'acknowledge', { caseId: id, v: await this.v(id) }, /Acknowledged\./);
    const talk = this.discussion(id, await this.v(id), [DEMO.priya, DEMO.jamie]);
    await this.act(DEMO.priya, 'recordDiscussion', talk, /Discussion recorded/);
    const plan = { caseId: id, v: await this.v(id), plan: m.text('agreePlan', 'plan') };
    const planActions = this.actions('agreePlan', [DEMO.jamie, DEMO.priya, DEMO.jamie]);
    await this.act(DEMO.priya, 'agreePlan', { ...plan, ...planActions }, /Plan recorded/);
    const added = { actionText: m.text('addAction', 'actionText'), actionOwner: DEMO.jamie };
    const action = { caseId: id, v: await this.v(id), ...added, actionDue: '2026-12-10' };
    await this.act(DEMO.priya, 'addAction', action, /Action added/);
    const done = { caseId: id, v: await this.v(id), actionId: 'a1' };
    await this.act(DEMO.jamie, 'completeAction', done, /Action marked done/);
    await this.requestEscalation(id);
    const reject = { caseId: id, v: await this.v(id), reason: m.text('rejectOutcome', 'reason') };
    await this.act(DEMO.cscManager, 'rejectOutcome', reject, /Rejected/);
    await this.requestEscalation(id);
    await this.act(DEMO.cscManager, 'approveOutcome', { caseId: id, v: await this.v(id) }, /Stage 2/);
    await this.h.settle();
    // deadlines pass: the sweep escalates automatically (deadline lag) up to the directors
    await this.advance('2026-12-15T10:00:00.000Z');
    await this.advance('2026-12-22T10:05:00.000Z');
    await this.advance('2026-12-31T10:10:00.000Z');
    assert.equal((await this.doc(id)).state.stage.stageId, 'stage-4');
    await this.learningPoints(DEMO.cscDirector, id);
    await this.advance('2027-01-05T10:15:00.000Z');
    assert.equal((await this.doc(id)).state.stage.stageId, 'stage-5');
    await this.learningPoints(DEMO.grace, id);
    const meeting = { caseId: id, v: await this.v(id), meetingDate: '2027-01-08', meetingTime: '10:00' };
    await this.act(DEMO.lead, 'offerMediation', meeting, /Mediation offered/);
    const summary = m.text('recordMediationOutcome', 'summary');
    const learning = m.text('recordMediationOutcome', 'learningPoints');
    const outcome = {
      caseId: id,
      v: await this.v(id),
      outcome: 'resolved',
      summary,
      learningPoints: learning,
    };
    await this.act(DEMO.lead, 'recordMediationOutcome', outcome, /Resolved/);
    await this.h.settle();
    assert.equal((await this.doc(id)).state.status, 'resolved');
  }

  private async requestEscalation(id: string): Promise<void> {
    const evidence = this.m.text('requestEscalation', 'evidence');
    const data = { caseId: id, v: await this.v(id), evidence };
    await this.act(DEMO.priya, 'requestEscalation', data, /Escalation requested/);
  }

  private async learningPoints(who: string, id: string): Promise<void> {
    const text = this.m.text('recordLearningPoints', 'learningPoints');
    await this.act(
      who,
      'recordLearningPoints',
      { caseId: id, v: await this.v(id), learningPoints: text },
      /Saved/,
    );
  }

  /** Seed 002 from an imminent-risk raise to the Chair's final binding decision. */
  async bscp(): Promise<void> {
    const { m } = this;
    const id = CASES.bscp;
    await this.raise(DEMO.sam, id, BSCP, m.reference('police'), { imminentRisk: 'true' });
    const talk = this.discussion(id, await this.v(id), [DEMO.policeManager, DEMO.healthManager]);
    await this.act(DEMO.policeManager, 'recordDiscussion', talk, /Discussion recorded/);
    const evidence = { caseId: id, v: await this.v(id), evidence: m.text('requestEscalation', 'evidence') };
    await this.act(DEMO.policeManager, 'requestEscalation', evidence, /Stage 2/);
    const clear = { caseId: id, v: await this.v(id), reason: m.text('clearImminentRisk', 'reason') };
    await this.act(DEMO.healthHead, 'clearImminentRisk', clear, /Imminent risk cleared/);
    const set = { caseId: id, v: await this.v(id), reason: m.text('setImminentRisk', 'reason') };
    await this.act(DEMO.healthHead, 'setImminentRisk', set, /Imminent risk/i);
    const refer = {
      caseId: id,
      v: await this.v(id),
      stageId: 'stage-4',
      reason: m.text('referToStage', 'reason'),
    };
    await this.act(DEMO.healthHead, 'referToStage', refer, /Stage 4/);
    await this.learningPoints(DEMO.chair, id);
    const course = {
      caseId: id,
      v: await this.v(id),
      kind: 'courseOfAction',
      decision: m.text('recordBindingDecision', 'decision'),
      ...this.actions('recordBindingDecision', [DEMO.healthHead, DEMO.healthHead, DEMO.healthHead]),
    };
    await this.act(DEMO.chair, 'recordBindingDecision', course, /Saved|course of action/i);
    const final = { caseId: id, v: await this.v(id), kind: 'final' };
    const decision = m.text('recordBindingDecision', 'decision');
    await this.act(DEMO.chair, 'recordBindingDecision', { ...final, decision }, /Decided/);
    await this.h.settle();
    assert.equal((await this.doc(id)).state.status, 'decided');
  }

  /** A withdrawal; a resolution declined, proposed again and agreed; its open actions closed; typed messages. */
  async withdrawAndResolve(): Promise<void> {
    const { m, h } = this;
    const w = CASES.withdrawn;
    await this.raise(DEMO.priya, w, FLOW, m.reference('csc'));
    const withdraw = { caseId: w, v: await this.v(w), reason: m.text('withdraw', 'reason') };
    await this.act(DEMO.priya, 'withdraw', withdraw, /Withdrawn/);
    const r = CASES.resolved;
    await this.raise(DEMO.sam, r, BSCP, m.reference('police'));
    const propose = async () => {
      const summary = m.text('resolve', 'summary');
      const acts = this.actions('resolve', [DEMO.jamie, DEMO.sam, DEMO.jamie]);
      await this.act(
        DEMO.sam,
        'resolve',
        { caseId: r, v: await this.v(r), summary, ...acts },
        /Resolution proposed/,
      );
    };
    await propose();
    const decline = { caseId: r, v: await this.v(r), reason: m.text('declineResolution', 'reason') };
    await this.act(DEMO.jamie, 'declineResolution', decline, /Resolution declined/);
    await propose();
    await this.act(DEMO.jamie, 'agreeResolution', { caseId: r, v: await this.v(r) }, /agreed/);
    const close = { caseId: r, v: await this.v(r), reason: m.text('closeActions', 'reason') };
    await this.act(DEMO.grace, 'closeActions', close, /Outstanding actions closed/);
    assert.equal((await h.message(DEMO.priya, `please help with ${m.text('message', 'text')}`)).status, 200);
    const lookup = `case ${m.planted.find((p) => p.field === 'raise.reference')!.value}`;
    assert.equal((await h.message(DEMO.priya, lookup)).status, 200);
    await h.settle();
    assert.equal((await this.doc(w)).state.status, 'withdrawn');
    assert.equal((await this.doc(r)).state.status, 'resolved');
  }
}
