/** `procedure show`: who a stage involves on each side, and who it only tells (procedure/involvement.ts). */
import { BUILTIN_ROLES } from '../domain/directory';
import type { Involved, NotifyRule } from '../domain/procedure/involvement';
import type { Procedure, Stage } from '../domain/procedure/schema';

const SIDES = [
  ['raising', 'Raising side'],
  ['receiving', 'Receiving side'],
  ['both', 'Each side'],
  ['partnership', 'Partnership'],
] as const;
const WHEN = {
  entry: 'when a case reaches the stage',
  deadline: 'when a deadline passes',
  closure: 'when the case closes',
};

function roleWords(p: Procedure, id: string): string {
  return p.roles.find((r) => r.id === id)?.name ?? BUILTIN_ROLES[id] ?? id;
}

function entryWords(p: Procedure, e: Involved): string {
  if ('professional' in e) return 'the professional';
  if ('role' in e) return `the ${roleWords(p, e.role)}`;
  if ('lineManagerOf' in e) return 'the professional’s own line manager';
  if ('nextManagerUp' in e) return 'the next manager up';
  if ('namedEscalationManager' in e) return 'the named escalation manager';
  return `the ${roleWords(p, e.partnershipRole)}`;
}

export function involvementLines(p: Procedure, s: Stage): string[] {
  const lines: string[] = [];
  for (const [key, label] of SIDES) {
    const list = s.involvement?.[key];
    if (list?.length) lines.push(`    ${label}: ${list.map((e) => entryWords(p, e)).join(', ')}`);
  }
  for (const n of s.notify)
    lines.push(`  Told, not involved (reference, stage and deadline only): ${notifyWords(p, n)}`);
  return lines;
}

/** Who a notify rule tells, and when: "the Designated Safeguarding Lead of each agency, when a deadline passes". */
export function notifyWords(p: Procedure, n: NotifyRule): string {
  const who = n.role
    ? `the ${roleWords(p, n.role)} of each agency`
    : `the ${roleWords(p, n.partnershipRole!)}`;
  return `${who}, ${n.on.map((o) => WHEN[o]).join(', ')}`;
}
