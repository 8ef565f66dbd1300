/**
 * README rows that a change to the access rules alters, until the README (edited by hand) catches up: once
 * it shows the new row the substitution does nothing, and this list can be emptied.
 */
import { readFileSync } from 'node:fs';

const PENDING: readonly [was: string, now: string][] = [
  // the business office may add a supporter (of any agency); others only one from their own agency
  [
    '| addSupporter | ✓ | ✓ |  |  |  |  |  |  |  |  |  |',
    '| addSupporter | ✓ | ✓ |  |  |  |  | ✓ |  |  |  |  |',
  ],
  // agreement closes a case, not a click: "resolve" became propose / agree / decline (test/domain/resolution.test.ts)
  [
    '| resolve |  | ✓ |  |  |  |  |  |  |  |  |  |',
    '| proposeResolution |  | ✓ |  |  |  |  |  |  |  |  |  |\n| agreeResolution | ✓ | ✓ |  |  |  |  |  |  |  |  |  |\n| declineResolution | ✓ | ✓ |  |  |  |  |  |  |  |  |  |',
  ],
  // the business office names an approver where nobody can approve (test/domain/approvals.test.ts)
  [
    '| rejectOutcome |  |  |  | ✓ |  |  |  |  |  |  |  |',
    '| rejectOutcome |  |  |  | ✓ |  |  |  |  |  |  |  |\n| nameApprover |  |  |  |  |  |  | ✓ |  |  |  |  |',
  ],
  // imminent risk set / cleared with a reason; the business office closes actions that will not be done
  [
    '| setClockDate |  | ✓ |  |  |  |  |  |  |  |  |  |',
    '| setClockDate |  | ✓ |  |  |  |  |  |  |  |  |  |\n| setImminentRisk | ✓ | ✓ |  |  |  |  |  |  |  |  |  |\n| clearImminentRisk |  | ✓ |  |  |  |  | ✓ |  |  |  |  |\n| closeActions |  |  |  |  |  |  | ✓ |  |  |  |  |',
  ],
  // seed 000: "one of the Strategic Leads will offer mediation"; the business office records that it notified them
  [
    '| offerMediation |  |  |  |  |  |  | ✓ | ✓ |  |  |  |',
    '| offerMediation |  |  |  |  |  |  |  | ✓ |  |  |  |\n| recordLeadsNotified |  |  |  |  |  |  | ✓ |  |  |  |  |',
  ],
  [
    '| recordMediationOutcome |  |  |  |  |  |  | ✓ | ✓ |  |  |  |',
    '| recordMediationOutcome |  |  |  |  |  |  |  | ✓ |  |  |  |',
  ],
  // agreed actions are followed up by the scheduler
  [
    'Deadlines and reminders (`reminderDue`, `clockPassed`, `capPassed`)',
    'Deadlines and reminders (`reminderDue`, `clockPassed`, `capPassed`, `actionReminderDue`, `actionOverdue`)',
  ],
];

/** README.md as the tests read it: with the pending rows. */
export function readmeText(): string {
  return PENDING.reduce((text, [was, now]) => text.replace(was, now), readFileSync('README.md', 'utf8'));
}
