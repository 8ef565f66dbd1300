/** "Earlier stages": each stage a case has left — when, why, who took part and how many discussions. */
import type { Case, StageInstance } from '../../domain/case';
import type { Directory } from '../../domain/directory';
import type { Procedure } from '../../domain/procedure/schema';
import { stageById } from '../../domain/procedure/validate';
import { nameOf, when } from './caseView';
import { literal } from './literal';

const line = (text: string) => ({ text });

function stageSection(s: StageInstance, procedure: Procedure, dir: Directory) {
  const def = stageById(procedure, s.stageId);
  const n = s.discussions.length;
  const people = [...new Set(s.participants.map((p) => p.personId))].map((id) => nameOf(dir, id));
  return {
    heading: s.level > 1 ? `${def.label} (level ${s.level}): ${def.name}` : `${def.label}: ${def.name}`,
    subheading: `${when(s.enteredAt)} to ${when(s.endedAt)}`,
    lines: [
      line(`Entered: ${s.enteredBecause}`),
      line(`Left: ${literal(s.endedBecause ?? '')}`),
      line(`Who took part: ${people.join(', ') || 'nobody recorded'}`),
      line(`${n} discussion${n === 1 ? '' : 's'} recorded`),
    ],
    verb: '',
    button: '',
    caseId: '',
  };
}

export function historyView(
  c: Case,
  procedure: Procedure,
  dir: Directory,
  banner: string,
): Record<string, unknown> {
  return {
    banner,
    title: `Earlier stages of case ${literal(c.reference)}`,
    intro: c.history.length ? 'Oldest first.' : '',
    sections: c.history.map((s) => stageSection(s, procedure, dir)),
    empty: 'This case has had no earlier stages.',
    buttons: [{ title: 'Back to the case', verb: 'refresh', caseId: c.caseId }],
  };
}
