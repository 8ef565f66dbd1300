/**
 * The journey the fault suites play: both built-in procedures, one case each, 13 steps at least half an hour
 * apart. Case B has imminent risk, so its urgent timescales (hours) are met step by step: no deadline of B
 * passes between steps, or a sweep that happens to run (as a restarted process's does) would change the story.
 */
import { raiseData } from '../support/botHarness';
import { DEMO } from '../support/demoPeople';
import type { JourneyRun } from './journey';

export const CASE_A = 'fa000000-0000-4000-8000-00000000000a';
export const CASE_B = 'fb000000-0000-4000-8000-00000000000b';
export const CASES = [CASE_A, CASE_B];

export interface Step {
  label: string;
  at: string; // London business hours, half an hour or more apart
  run: (j: JourneyRun) => Promise<void>;
}

const EVIDENCE = 'Telephone call on Monday and a face-to-face meeting on Tuesday; we could not agree.';

/** Seed 000 for case A (to stage 3 by a missed deadline) and seed 002 for case B (imminent risk, to the Chair). */
export const STEPS: Step[] = [
  {
    label: 'raise A',
    at: '2026-12-07T10:00:00.000Z',
    run: (j) =>
      j.act('raise A', DEMO.priya, 'raise', raiseData(CASE_A, DEMO.jamie, 'CSC/2026/0042'), /Raised\./),
  },
  {
    label: 'acknowledge A',
    at: '2026-12-07T11:00:00.000Z',
    run: (j) => j.act('acknowledge A', DEMO.jamie, 'acknowledge', { caseId: CASE_A }, /Acknowledged\./),
  },
  {
    label: 'raise B',
    at: '2026-12-07T12:00:00.000Z',
    run: (j) =>
      j.act(
        'raise B',
        DEMO.sam,
        'raise',
        {
          caseId: CASE_B,
          procedureId: 'bscp-escalation-procedure',
          otherProfessionalId: DEMO.jamie,
          reference: 'POL/26/311',
          theme: 'other',
          summary: 'Disagreement about immediate protective action.',
          imminentRisk: 'true',
          conflictWithOwnManager: 'false',
        },
        /Raised\./,
      ),
  },
  {
    // seed 002 stage 1: "the disagreement must be addressed by more senior staff" — the first line managers talk
    label: 'discussion B',
    at: '2026-12-07T12:30:00.000Z',
    run: (j) =>
      j.act(
        'discussion B',
        DEMO.policeManager,
        'recordDiscussion',
        {
          caseId: CASE_B,
          heldAtDate: '2026-12-07',
          heldAtTime: '12:15',
          method: 'telephone',
          attendeeIds: `${DEMO.policeManager},${DEMO.healthManager}`,
          summary: 'First line managers could not agree.',
          outcome: 'unresolved',
        },
        /Discussion recorded/,
      ),
  },
  {
    label: 'discussion A',
    at: '2026-12-07T13:00:00.000Z',
    run: (j) =>
      j.act(
        'discussion A',
        DEMO.priya,
        'recordDiscussion',
        {
          caseId: CASE_A,
          heldAtDate: '2026-12-07',
          heldAtTime: '12:45',
          method: 'telephone',
          attendeeIds: `${DEMO.priya},${DEMO.jamie}`,
          summary: 'Talked it through; no agreement.',
          outcome: 'unresolved',
        },
        /Discussion recorded/,
      ),
  },
  {
    // "referred without delay" to each agency's escalation manager: no approval step
    label: 'escalate B',
    at: '2026-12-07T13:30:00.000Z',
    run: (j) =>
      j.act(
        'escalate B',
        DEMO.policeManager,
        'requestEscalation',
        { caseId: CASE_B, evidence: '' },
        /Stage 2/,
      ),
  },
  {
    label: 'action A',
    at: '2026-12-07T14:00:00.000Z',
    run: (j) =>
      j.act(
        'action A',
        DEMO.priya,
        'addAction',
        {
          caseId: CASE_A,
          actionText: 'Share the chronology.',
          actionOwner: DEMO.jamie,
          actionDue: '2026-12-09',
        },
        /Action added/,
      ),
  },
  {
    label: 'refer B',
    at: '2026-12-07T14:30:00.000Z',
    run: (j) =>
      j.act(
        'refer B',
        DEMO.healthHead,
        'referToStage',
        { caseId: CASE_B, stageId: 'stage-4', reason: 'Quality assurance scrutiny is needed.' },
        /Stage 4: Chair of BSCP/,
      ),
  },
  {
    label: 'complete A',
    at: '2026-12-08T08:00:00.000Z',
    run: (j) =>
      j.act(
        'complete A',
        DEMO.jamie,
        'completeAction',
        { caseId: CASE_A, actionId: 'a1' },
        /Action marked done/,
      ),
  },
  {
    label: 'request A',
    at: '2026-12-08T09:00:00.000Z',
    run: (j) =>
      j.act(
        'request A',
        DEMO.priya,
        'requestEscalation',
        { caseId: CASE_A, evidence: EVIDENCE },
        /Escalation requested/,
      ),
  },
  {
    label: 'decide B',
    at: '2026-12-08T09:30:00.000Z',
    run: (j) =>
      j.act(
        'decide B',
        DEMO.chair,
        'recordBindingDecision',
        { caseId: CASE_B, decision: 'Joint visit today; police lead.' },
        /Decided/,
      ),
  },
  {
    label: 'approve A',
    at: '2026-12-08T11:00:00.000Z',
    run: (j) => j.act('approve A', DEMO.cscManager, 'approveOutcome', { caseId: CASE_A }, /Stage 2/),
  },
  // nobody acts on A: its stage 2 deadline (5 working days) passes and the sweep escalates it
  { label: 'deadline A', at: '2026-12-15T11:05:00.000Z', run: (j) => j.sweep() },
];

/** People who have the bot installed (their 1:1 conversation references are stored). */
export const PEOPLE = [
  DEMO.priya,
  DEMO.jamie,
  DEMO.cscManager,
  DEMO.healthManager,
  DEMO.cscSenior,
  DEMO.healthSenior,
  DEMO.sam,
  DEMO.policeManager,
  '00000000-0000-4000-8000-000000000013',
  DEMO.healthHead,
  DEMO.chair,
  DEMO.grace,
];
