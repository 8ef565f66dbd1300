/**
 * Issue #18: "Discussion kinds the procedure defines (for example 'meeting'), and clocks that require a kind" ("A
 * discussion cannot be marked as the meeting a clock waits for").
 */
import { strict as assert } from 'node:assert';
import type { Command } from '../../src/domain/case';
import type { Procedure } from '../../src/domain/procedure/schema';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { discussion } from './helpers';
import { FLOW, MON, raisedOn } from './rules';

const KINDS = [
  { id: 'meeting', label: 'Meeting' },
  { id: 'call', label: 'Telephone call' },
];
const MEETING_CLOCK = {
  id: 'meeting',
  label: 'Strategy meeting held',
  requirement: 'discussion',
  discussionKind: 'meeting',
  anchor: { kind: 'stageStart' },
  limit: { workingDays: 5 },
  wording: 'A strategy meeting is held within 5 working days.',
  onPass: 'alert',
  remindBefore: null,
};

function raw(change: (p: Record<string, any>) => void = () => {}): Record<string, any> {
  const p = structuredClone(FLOW) as Record<string, any>;
  p.discussionKinds = structuredClone(KINDS);
  p.stages[0].clocks.push(structuredClone(MEETING_CLOCK));
  change(p);
  return p;
}

function withKinds(): Procedure {
  const v = validateProcedure(raw());
  assert.ok(v.ok, v.ok ? '' : v.errors.join(' | '));
  return v.procedure;
}

const LATER = '2026-12-08T10:00:00.000Z';

function recorded(kind?: string) {
  const j = raisedOn(withKinds());
  const d = discussion(j) as Extract<Command, { type: 'recordDiscussion' }>;
  j.when('csc-practitioner', { ...d, ...(kind ? { kind } : {}) }, LATER);
  return j;
}

describe('discussion kinds (issue #18: "Discussion kinds the procedure defines, and clocks that require a kind")', () => {
  it('given a clock that needs a meeting, when a discussion of another kind is recorded, then that clock stays open', () => {
    const j = recorded('call');
    assert.equal(j.case.stage.discussions[0]!.kind, 'call');
    assert.equal(j.clock('meeting').metAt, null);
  });

  it('given a clock that needs a meeting, when a discussion with no kind is recorded, then that clock stays open', () => {
    assert.equal(recorded().clock('meeting').metAt, null);
  });

  it('given a clock that needs a meeting, when a meeting is recorded, then it is met', () => {
    const j = recorded('meeting');
    assert.equal(j.clock('meeting').metAt, LATER);
  });

  it('given a kind the procedure does not name, then the discussion is refused on the kind field', () => {
    const j = raisedOn(withKinds());
    const d = discussion(j) as Extract<Command, { type: 'recordDiscussion' }>;
    const e = j.refused('csc-practitioner', { ...d, kind: 'party' }, LATER, 'INVALID_INPUT');
    assert.equal(e.fields?.kind, 'Choose what kind of discussion it was.');
  });

  it('given a procedure without kinds (the built-ins), then any discussion that counts meets a discussion clock, as before', () => {
    assert.deepEqual(FLOW.discussionKinds, []);
    assert.ok(FLOW.stages.flatMap((s) => s.clocks).every((c) => c.discussionKind === undefined));
    const j = raisedOn(FLOW);
    j.when('csc-practitioner', discussion(j), MON);
    assert.equal(j.case.stage.discussions[0]!.kind, undefined);
  });

  describe('the validator names each mistake by its path', () => {
    const errorsOf = (change: (p: Record<string, any>) => void) => {
      const v = validateProcedure(raw(change));
      return v.ok ? [] : v.errors;
    };

    it('a kind not declared', () => {
      assert.deepEqual(
        errorsOf((p) => (p.stages[0].clocks[2].discussionKind = 'visit')),
        [
          'stages[0].clocks[2].discussionKind: unknown discussion kind "visit" (declare it in discussionKinds)',
        ],
      );
    });

    it('a kind on a clock that is not for a discussion', () => {
      assert.deepEqual(
        errorsOf((p) => (p.stages[0].clocks[2].requirement = 'plan')),
        [
          'stages[0].clocks[2].discussionKind: only a clock whose requirement is "discussion" can ask for a kind of discussion',
        ],
      );
    });

    it('a kind declared twice, or with a bad id', () => {
      assert.deepEqual(
        errorsOf((p) => void p.discussionKinds.push({ id: 'meeting', label: 'Again' })),
        ['discussionKinds[2].id: duplicate discussion kind "meeting"'],
      );
      assert.deepEqual(
        errorsOf((p) => (p.discussionKinds[1].id = 'Phone Call')),
        ['discussionKinds[1].id: must be a short id (letters, digits, dashes)'],
      );
    });
  });
});
