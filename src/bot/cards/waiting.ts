/** "Waiting for a named manager": agencies whose person at the stage the business office is asked to name. */
import { sideText } from './sides';
import type { Case } from '../../domain/case';
import { findPerson, type Directory } from '../../domain/directory';
import { literal } from './literal';

/** One line per waiting agency: who is wanted, and who keeps the case for that agency meanwhile. */
export function waitingLines(c: Case, dir: Directory): { text: string }[] {
  if (c.status !== 'open') return [];
  return (c.stage.waitingFor ?? []).map((w) => {
    const agency = sideText(dir, w.agencyId);
    const holder = c.stage.participants.find((p) => p.agencyId === w.agencyId && p.as !== 'supporter');
    const name = holder && literal(findPerson(dir, holder.personId)?.name ?? '');
    return {
      text:
        `${agency}: waiting for a named manager (${literal(w.wanted)}); the business office has been asked to name one.` +
        (name ? ` ${name} keeps the case for ${agency} meanwhile.` : ''),
    };
  });
}
