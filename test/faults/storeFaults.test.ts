/**
 * Fault injection, the store: throttling, unavailability, requests that never answer, and writes applied but
 * whose answer is lost, on the click path, the sweep and the dispatcher. Every journey must end exactly as the
 * fault-free one (each case's state and hash-chained audit trail, every message received once), and a person
 * whose action was not saved is told so and can simply try again.
 */
import { strict as assert } from 'node:assert';
import { on } from '../support/storeFaults';
import { CASE_A, type Fingerprint, type Hooks, type JourneyRun } from './journey';
import { assertSameEnd, onStep, runJourney, type Injectors } from './runner';

interface Scenario {
  name: string;
  hooks: (x: Injectors) => Hooks;
  /** What the person at this step saw before their action was saved (each must match one failure). */
  told?: { step: string; said: RegExp };
  /** The step whose action went through at the first try although the store failed (the SDK retried). */
  unnoticed?: string;
  /** A warning the app must have logged (`event:what-or-error`), showing the path the fault took. */
  logged?: string;
}

/** Another instance's write to the case (as its dispatcher would make): same content, a new ETag. */
async function touch(j: JourneyRun, caseId: string): Promise<void> {
  const stored = await j.doc(caseId);
  await j.bot.writeCase(stored);
}

const NOT_SAVED = /We couldn’t save this — nothing was changed\. Please try again\./;
const UNCONFIRMED =
  /We couldn’t confirm that this was saved\. Please try again: if it was saved, it won’t be recorded twice\./;

const SCENARIOS: Scenario[] = [
  {
    name: 'the case read is throttled twice (429): the SDK waits and retries, the click is not delayed further',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('discussion A', () =>
        f.add('429', on.cases('read'), { status: 429, retryAfterMs: 5 }, 2),
      ),
    }),
    unnoticed: 'discussion A',
  },
  {
    name: 'the save is throttled beyond the SDK’s retries: “nothing was changed”, and trying again saves it',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('approve A', () =>
        f.add('429', on.cases('replace'), { status: 429, retryAfterMs: 5 }, 4),
      ),
    }),
    told: { step: 'approve A', said: NOT_SAVED },
  },
  {
    name: 'the store answers 503 to the save',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('acknowledge A', () => f.add('503', on.cases('replace'), { status: 503 }, 3)),
    }),
    told: { step: 'acknowledge A', said: NOT_SAVED },
  },
  {
    name: 'the save never answers (times out after 3 s): read back, “nothing was changed”, trying again saves it',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('action A', () => f.add('hang', on.cases('replace'), 'hang', 1)),
    }),
    told: { step: 'action A', said: NOT_SAVED },
    logged: 'actionFailed:SaveFailedError',
  },
  {
    name: 'another instance wrote the case meanwhile and the fresh read fails (503): “nothing was changed”',
    hooks: ({ store: f }) => ({
      beforeStep: async (label, j) => {
        if (label !== 'action A') return;
        await touch(j, CASE_A); // this instance's copy of the case is now one write behind
        f.add('503', on.cases('read'), { status: 503 }, 1);
      },
    }),
    told: { step: 'action A', said: NOT_SAVED },
    logged: 'actionFailed:StoreUnavailableError',
  },
  {
    name: 'a recorded discussion is saved but the answer is lost: it is recorded once',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('discussion A', () => f.add('lost', on.cases('replace'), 'dropAfterCommit', 1)),
    }),
  },
  {
    name: 'a raise is saved but the answer is lost: the case is raised once',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('raise B', () => f.add('lost', on.cases('create'), 'dropAfterCommit', 1)),
    }),
  },
  {
    name: 'an escalation without approval (a change of stage) is saved but the answer is lost: the stage changes once',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('escalate B', () => f.add('lost', on.cases('replace'), 'dropAfterCommit', 1)),
    }),
  },
  {
    name: 'the answer of a save is lost and so is the read-back: “couldn’t confirm”, and trying again records it once',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('request A', () =>
        f
          .add('lost', on.cases('replace'), 'dropAfterCommit', 1)
          .add('read-back', on.cases('read'), { status: 503 }, 3),
      ),
    }),
    told: { step: 'request A', said: UNCONFIRMED },
  },
  {
    name: 'the store is down for the whole of a click, then back',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('complete A', () => f.add('down', () => true, { status: 503 }, 5)),
    }),
    // a 503 to a write does not say whether it was applied, and the read-back fails too
    told: { step: 'complete A', said: UNCONFIRMED },
  },
  {
    name: 'the dispatcher cannot query for messages to send (503)',
    hooks: ({ store: f }) => ({
      beforeSettle: onStep('raise A', () => f.add('503', on.cases('query'), { status: 503 }, 12)),
    }),
    logged: 'loopFailed:StoreUnavailableError',
  },
  {
    name: 'the dispatcher cannot lease a message (503 on its write)',
    hooks: ({ store: f }) => ({
      beforeSettle: onStep('approve A', () => f.add('503', on.cases('replace'), { status: 503 }, 12)),
    }),
    logged: 'outboxStoreFailed:take',
  },
  {
    name: 'the dispatcher’s lease is written but its answer lost: the message is still sent, once',
    hooks: ({ outbox }) => ({
      beforeStep: (label) => void (label === 'raise A' && outbox.add('lease', 'loseAnswer')),
    }),
    logged: 'outboxStoreFailed:take',
  },
  {
    name: 'the dispatcher cannot write its lease (503): the message is sent at the next pass, once',
    hooks: ({ outbox }) => ({
      beforeStep: (label) => void (label === 'approve A' && outbox.add('lease', 'fail', 3)),
    }),
    logged: 'outboxStoreFailed:take',
  },
  {
    name: 'a message is sent but recording it fails (503): it is recorded later, not sent again',
    hooks: ({ outbox }) => ({
      beforeStep: (label) => void (label === 'acknowledge A' && outbox.add('record', 'fail', 3)),
    }),
    logged: 'outboxStoreFailed:record',
  },
  {
    name: 'a message is sent and recorded, but the answer of that write is lost: not sent again',
    hooks: ({ outbox }) => ({
      beforeStep: (label) => void (label === 'refer B' && outbox.add('record', 'loseAnswer')),
    }),
    logged: 'outboxStoreFailed:record',
  },
  {
    name: 'the sweep cannot query for due deadlines (503)',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('deadline A', () => f.add('503', on.cases('query'), { status: 503 }, 3)),
    }),
    logged: 'loopFailed:StoreUnavailableError',
  },
  {
    name: 'the automatic escalation cannot be saved (503), then can',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('deadline A', () => f.add('503', on.cases('replace'), { status: 503 }, 3)),
    }),
    logged: 'sweepCaseFailed:SaveFailedError',
  },
  {
    name: 'the automatic escalation is saved but the answer lost: it escalates once',
    hooks: ({ store: f }) => ({
      beforeStep: onStep('deadline A', () => f.add('lost', on.cases('replace'), 'dropAfterCommit', 1)),
    }),
  },
];

describe('store faults: every journey ends as the fault-free one (HTTP in, embedded store with faults)', function () {
  this.timeout(120_000);
  let reference: Fingerprint;

  before(async () => {
    reference = (await runJourney()).fingerprint;
    assert.ok(reference.messages.length >= 20, 'the journey sends messages');
  });

  for (const s of SCENARIOS) {
    it(s.name, async () => {
      const { fingerprint, faults, outbox, j, warnings } = await runJourney(s.hooks);
      assert.ok(faults.fired.length + outbox.fired.length > 0, 'the fault was injected');
      assert.deepEqual([...faults.pending, ...outbox.pending], [], 'every injected fault was met');
      assertSameEnd(fingerprint, reference);
      if (s.told) {
        const a = j.attempts.find((x) => x.step === s.told!.step)!;
        assert.ok(a.tries >= 2, `${s.told.step}: the person had to try again`);
        assert.ok(
          a.failures.some((f) => s.told!.said.test(f)),
          `${s.told.step} said: ${a.failures.join(' | ')}`,
        );
      }
      if (s.unnoticed) assert.equal(j.attempts.find((x) => x.step === s.unnoticed)!.tries, 1);
      if (s.logged) assert.ok(warnings.includes(s.logged), `logged ${s.logged}: ${warnings.join(', ')}`);
    });
  }
});
