/** The whole seed 000 journey through HTTP: real activities in, recorded connector traffic out. */
import { strict as assert } from 'node:assert';
import type { CaseDoc } from '../../src/app/caseDocument';
import { verifyChain } from '../../src/domain/case';
import {
  discussionData,
  buttons,
  cardText,
  choicesOf,
  raiseData,
  startHarness,
  type Harness,
} from '../support/botHarness';
import { BO_CHANNEL, DEMO } from '../support/demoPeople';
import { plainWordProblems } from '../support/plainWords';

const verbs = (card: unknown) => buttons(card).map((b) => b.verb);
const EVIDENCE = 'Telephone call on Monday and a face-to-face meeting on Tuesday; we could not agree.';

describe('Teams journey, seed 000 (HTTP in, fake Bot Connector out)', function () {
  this.timeout(120_000);
  let h: Harness;
  let caseId = '';
  let v = 0;
  let answers: unknown[] = [];

  beforeEach(async () => {
    caseId = '';
    v = 0;
    h = await startHarness();
    for (const p of [DEMO.priya, DEMO.jamie, DEMO.cscManager, DEMO.healthManager, DEMO.grace, DEMO.lead])
      await h.install(p);
    await h.message(DEMO.grace, 'help', { id: BO_CHANNEL, type: 'channel' });
    h.connector.received.length = 0;
    answers = [];
    const invoke = h.invoke.bind(h);
    h.invoke = async (...args) => {
      const r = await invoke(...args);
      answers.push(r.card);
      return r;
    };
  });
  afterEach(async function () {
    const passed = this.currentTest?.state === 'passed';
    const shown = [...answers, ...h.connector.received.flatMap((r) => h.connector.cards(r))];
    await h.close();
    // issue #17: every card of the journey, sent or answered, in plain words
    if (passed) assert.deepEqual(plainWordProblems(shown), []);
  });

  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;
  const toPerson = (aad: string) => h.connector.sentTo(`a:personal-${aad}`);
  const lastCardTo = (aad: string) => {
    const sent = toPerson(aad);
    return h.connector.cards(sent[sent.length - 1]!)[0]!;
  };

  const steps: { title: string; run: () => Promise<void> }[] = [
    {
      title: 'raise: the form lists the procedures and people of other agencies; submitting it opens stage 1',
      run: async () => {
        await h.message(DEMO.priya, 'raise');
        const form = lastCardTo(DEMO.priya);
        assert.match(cardText(form), /Case \/ Conflict Resolution Flowchart/);
        const others = choicesOf(form, 'otherProfessionalId').map((c) => c.title);
        assert.ok(
          others.includes('Jamie Reid — Practitioner, Community Health (NHS)'),
          'each person with their role and agency',
        );
        assert.ok(
          !others.some((t) => /Children/.test(t)),
          'people of my own agency are not offered as the other professional',
        );
        caseId = buttons(form).find((b) => b.verb === 'raise')!.data.caseId as string;
        const r = await h.invoke(DEMO.priya, 'raise', raiseData(caseId, DEMO.jamie, 'CSC/2026/0042'));
        assert.equal(r.status, 200);
        assert.match(cardText(r.card), /Case CSC\/2026\/0042/);
        assert.match(cardText(r.card), /Stage 1: Direct Professional to Professional Discussion/);
        assert.match(cardText(r.card), /by Wed 9 Dec 2026, 10:00 \(2 working days/);
        assert.match(cardText(r.card), /does not count as the discussion this stage requires/);
        assert.ok(verbs(r.card).includes('openDiscussion'));
        assert.ok(!verbs(r.card).includes('acknowledge'), 'the raiser does not acknowledge');
        v = (await doc()).version;
      },
    },

    {
      title: 'tells the other professional, whose card asks them to acknowledge',
      run: async () => {
        await h.settle();
        const card = lastCardTo(DEMO.jamie);
        assert.match(cardText(card), /raised with you/);
        assert.ok(verbs(card).includes('acknowledge'));
        const r = await h.invoke(DEMO.jamie, 'acknowledge', { caseId, v });
        assert.match(cardText(r.card), /Acknowledged by Jamie Reid/);
        assert.ok(!verbs(r.card).includes('acknowledge'));
      },
    },

    {
      title:
        'records the stage 1 discussion and asks to escalate with evidence; the line manager is asked to approve',
      run: async () => {
        v = (await doc()).version;
        const d = await h.invoke(DEMO.priya, 'recordDiscussion', {
          caseId,
          v,
          heldAtDate: '2026-12-07',
          heldAtTime: '09:30',
          method: 'telephone',
          attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
          summary: 'Talked it through.',
          outcome: 'unresolved',
        });
        assert.match(cardText(d.card), /Discussion recorded/);
        const noEvidence = await h.invoke(DEMO.priya, 'requestEscalation', {
          caseId,
          v: (await doc()).version,
          evidence: '',
        });
        assert.match(cardText(noEvidence.card), /Escalate to the next stage/, 'the form comes back');
        assert.match(cardText(noEvidence.card), /Required/);
        const r = await h.invoke(DEMO.priya, 'requestEscalation', {
          caseId,
          v: (await doc()).version,
          evidence: EVIDENCE,
        });
        assert.match(cardText(r.card), /waiting for Tom Clarke to approve/);
        assert.ok(!verbs(r.card).includes('approveOutcome'), 'the practitioner sees status, not Approve');
        await h.settle();
        const managerCard = lastCardTo(DEMO.cscManager);
        assert.match(cardText(managerCard), /asked to approve/);
        assert.ok(verbs(managerCard).includes('approveOutcome') && verbs(managerCard).includes('openReject'));
      },
    },

    {
      title: 'refuses an approval from someone else, and applies the manager’s',
      run: async () => {
        const before = await doc();
        const forged = await h.invoke(DEMO.healthManager, 'approveOutcome', { caseId, v: before.version });
        assert.doesNotMatch(cardText(forged.card), /Approved\./);
        assert.equal((await doc()).version, before.version, 'nothing written');
        const r = await h.invoke(DEMO.cscManager, 'approveOutcome', { caseId, v: before.version });
        assert.match(cardText(r.card), /Stage 2: Direct Manager to Manager Discussion/);
        await h.settle();
        assert.match(cardText(lastCardTo(DEMO.healthManager)), /This case has reached you/);
      },
    },

    {
      title:
        'escalates automatically when the stage 2 deadline passes, and alerts the business office with reference, stage and deadline only',
      run: async () => {
        const res = await fetch(`${h.app.url}/test/clock`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ advanceTo: '2026-12-15T10:00:00.000Z' }),
        });
        assert.equal(res.status, 200);
        const d = await doc();
        assert.equal(d.state.stage.stageId, 'stage-3');
        assert.match(d.state.stage.enteredBecause, /deadline passed/);
        const alerts = h.connector.sentTo(BO_CHANNEL).map((r) => h.connector.cards(r)[0]!);
        assert.ok(alerts.some((a) => /escalated automatically/.test(cardText(a))));
        for (const a of alerts) {
          assert.doesNotMatch(cardText(a), /disagree|threshold|Talked it through|Priya|Jamie/i);
          assert.match(cardText(a), /CSC\/2026\/0042/);
        }
      },
    },

    {
      title:
        'climbs stage 3 level by level to the Directors, then the partnership, where a Strategic Lead offers mediation',
      run: async () => {
        const advance = (iso: string) =>
          fetch(`${h.app.url}/test/clock`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ advanceTo: iso }),
          });
        await advance('2026-12-22T10:05:00.000Z');
        assert.deepEqual(
          [(await doc()).state.stage.stageId, (await doc()).state.stage.level],
          ['stage-3', 2],
        );
        await advance('2026-12-31T10:10:00.000Z');
        assert.equal((await doc()).state.stage.stageId, 'stage-4');
        await advance('2027-01-05T10:15:00.000Z');
        const d = await doc();
        assert.equal(d.state.stage.stageId, 'stage-5');
        const leadCard = lastCardTo(DEMO.lead);
        assert.match(cardText(leadCard), /Stage 5: Partnership Resolution/);
        assert.ok(verbs(leadCard).includes('openMediation'));
        const form = await h.invoke(DEMO.lead, 'openMediation', { caseId, v: d.version });
        assert.match(cardText(form.card), /Offer mediation/);
        const offered = await h.invoke(DEMO.lead, 'offerMediation', {
          caseId,
          v: d.version,
          meetingDate: '2027-01-08',
          meetingTime: '10:00',
        });
        assert.match(cardText(offered.card), /Mediation offered by Dr Ruth Adams for Fri 8 Jan 2027, 10:00/);
        const closed = await h.invoke(DEMO.lead, 'recordMediationOutcome', {
          caseId,
          v: (await doc()).version,
          outcome: 'resolved',
          summary: 'Agreed a joint strategy discussion.',
        });
        assert.match(cardText(closed.card), /Resolved/);
        assert.deepEqual(
          verbs(closed.card).filter((v) => v !== 'openTimeline'),
          [],
          'a closed case offers no actions',
        );
        await h.settle();
        assert.match(cardText(lastCardTo(DEMO.priya)), /This case has been closed/);
      },
    },

    {
      title: 'keeps a verifiable audit trail of every step',
      run: async () => {
        const d = await doc();
        assert.equal(verifyChain(d.events).ok, true);
        assert.ok(d.events.some((e) => e.type === 'DiscussionRecorded' && e.by === DEMO.priya));
        assert.ok(d.events.every((e) => /Z$/.test(e.at)));
      },
    },
  ];

  // each case starts from a fresh bot and plays the journey up to its own step (earlier checks run again)
  steps.forEach((step, i) =>
    it(step.title, async () => {
      for (const s of steps.slice(0, i + 1)) await s.run();
    }),
  );
});

describe('Teams journey, seed 002 (imminent risk, referral to the Chair)', function () {
  this.timeout(120_000);
  let h: Harness;
  const caseId = '0a0b0c0d-0000-4000-8000-000000000002';

  beforeEach(async () => {
    h = await startHarness();
    for (const p of [
      DEMO.sam,
      DEMO.jamie,
      DEMO.policeManager,
      DEMO.healthManager,
      DEMO.healthHead,
      DEMO.chair,
      DEMO.grace,
    ])
      await h.install(p);
  });
  afterEach(async () => {
    await h.close();
  });
  const doc = async () => (await h.app.store.cases.get<CaseDoc>(caseId))!;

  const steps: { title: string; run: () => Promise<void> }[] = [
    {
      title: 'starts at stage 1 with the first line managers when a child is at imminent risk',
      run: async () => {
        const r = await h.invoke(DEMO.sam, 'raise', {
          caseId,
          v: 0,
          procedureId: 'bscp-escalation-procedure',
          otherProfessionalId: DEMO.jamie,
          reference: 'POL/26/311',
          theme: 'other',
          summary: 'Disagreement about immediate protective action.',
          imminentRisk: 'true',
          conflictWithOwnManager: 'false',
        });
        assert.match(cardText(r.card), /Stage 1: Senior Staff/);
        assert.match(cardText(r.card), /Imminent risk of harm/);
        assert.match(cardText(r.card), /the partnership’s default timescale/);
        await h.settle();
        assert.ok(
          verbs(
            h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.policeManager}`).at(-1)!)[0],
          ).includes('openEscalate'),
        );
      },
    },

    {
      // seed 002: "the issue must be referred without delay": no approval step; escalating needs a recorded discussion
      title: 'goes without delay to the named escalation managers once the stage 1 discussion is recorded',
      run: async () => {
        await h.invoke(
          DEMO.policeManager,
          'recordDiscussion',
          discussionData(
            caseId,
            (await doc()).version,
            [DEMO.policeManager, DEMO.healthManager],
            'Managers could not agree.',
          ),
        );
        const approved = await h.invoke(DEMO.policeManager, 'requestEscalation', {
          caseId,
          v: (await doc()).version,
          evidence: '',
        });
        assert.match(cardText(approved.card), /Stage 2: Escalation Manager/);
        assert.match(cardText(approved.card), /Appendix A/);
      },
    },

    {
      title:
        'lets the health escalation manager refer to the Independent Chair, whose binding decision closes the case',
      run: async () => {
        const refer = await h.invoke(DEMO.healthHead, 'referToStage', {
          caseId,
          v: (await doc()).version,
          stageId: 'stage-4',
          reason: 'Quality assurance scrutiny is needed.',
        });
        assert.match(cardText(refer.card), /Stage 4: Chair of BSCP/);
        await h.settle();
        const chairCard = h.connector.cards(h.connector.sentTo(`a:personal-${DEMO.chair}`).at(-1)!)[0];
        assert.ok(verbs(chairCard).includes('openDecision'));
        const decided = await h.invoke(DEMO.chair, 'recordBindingDecision', {
          caseId,
          v: (await doc()).version,
          decision: 'Joint visit today; police lead.',
        });
        assert.match(cardText(decided.card), /Decided/);
        assert.equal((await doc()).state.status, 'decided');
      },
    },
  ];

  // each case starts from a fresh bot and plays the journey up to its own step (earlier checks run again)
  steps.forEach((step, i) =>
    it(step.title, async () => {
      for (const s of steps.slice(0, i + 1)) await s.run();
    }),
  );
});
