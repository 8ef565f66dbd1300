/**
 * Out of office: who may name a delegate, who may act for whom, and which dates may be asked for.
 * While someone is away (London dates, inclusive), new stages and approvals go to their delegate.
 */
import { londonDayStart } from './calendar';
import { findPerson, type Delegation, type Directory, type Person } from './directory';
import { DomainError } from './errors';

/** The longest absence one request may cover; longer arrangements go through the business office. */
export const MAX_AWAY_DAYS = 366;

/** Only people who receive escalations or approvals can be away with a delegate. */
export function mayDelegate(dir: Directory, personId: string): boolean {
  const p = findPerson(dir, personId);
  const pr = dir.partnership;
  return (
    (!!p && p.role !== 'practitioner') ||
    pr.businessOfficeIds.includes(personId) ||
    pr.strategicLeadIds.includes(personId) ||
    pr.chairId === personId
  );
}

export function assertMayDelegate(dir: Directory, personId: string): void {
  if (!mayDelegate(dir, personId))
    throw new DomainError(
      'NOT_ALLOWED',
      'Only managers and partnership roles name a delegate for when they are away.',
    );
}

/** A delegate is someone else in the same agency who can approve (manager or above), or another business office member. */
export function mayActFor(dir: Directory, personId: string, delegateId: string): boolean {
  const person = findPerson(dir, personId);
  const delegate = findPerson(dir, delegateId);
  if (!person || !delegate || person.id === delegate.id) return false;
  const office = dir.partnership.businessOfficeIds;
  const bothOffice = office.includes(person.id) && office.includes(delegate.id);
  return bothOffice || (delegate.agencyId === person.agencyId && delegate.role !== 'practitioner');
}

/** Everyone who may act for `personId`, in directory order. */
export function delegateCandidates(dir: Directory, personId: string): Person[] {
  return dir.people.filter((x) => mayActFor(dir, personId, x.id));
}

/**
 * What is wrong with a request to be away, by form field, on the London date `today` (YYYY-MM-DD);
 * empty when it may be saved.
 */
export function awayProblems(dir: Directory, d: Delegation, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const k of ['from', 'to'] as const) {
    try {
      londonDayStart(d[k]);
    } catch {
      errors[k] = 'A date, please.';
    }
  }
  if (!errors.to && !errors.from) {
    if (d.to < today) errors.to = 'The last day has already passed.';
    else if (d.to < d.from) errors.to = 'The last day is before the first day.';
    else if (londonDayStart(d.to).getTime() - londonDayStart(d.from).getTime() > MAX_AWAY_DAYS * 86_400_000)
      errors.to = 'At most a year; ask the business office for longer arrangements.';
  }
  if (!d.delegateId) errors.delegateId = 'Choose who acts for you.';
  // dates the wrong way round also make the delegation itself invalid, as the directory import says
  else if (!mayActFor(dir, d.personId, d.delegateId) || d.to < d.from)
    errors.delegateId = 'This person cannot act for you.';
  return errors;
}
