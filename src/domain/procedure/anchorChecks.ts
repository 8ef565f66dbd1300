/** Reference checks for anchors, discussion kinds and the raise window: every mistake named by its path. */
import { caseLimitFields } from './limitWords';
import type { Procedure } from './schema';

/** Each kind declared once; a clock's kind declared, and only on a discussion clock. */
function kindErrors(p: Procedure): string[] {
  const errors: string[] = [];
  const kinds = new Set<string>();
  (p.discussionKinds ?? []).forEach((k, i) => {
    if (kinds.has(k.id)) errors.push(`discussionKinds[${i}].id: duplicate discussion kind "${k.id}"`);
    kinds.add(k.id);
  });
  p.stages.forEach((s, i) =>
    s.clocks.forEach((c, j) => {
      if (c.discussionKind === undefined) return;
      const at = `stages[${i}].clocks[${j}].discussionKind`;
      if (c.requirement !== 'discussion')
        errors.push(`${at}: only a clock whose requirement is "discussion" can ask for a kind of discussion`);
      else if (!kinds.has(c.discussionKind))
        errors.push(`${at}: unknown discussion kind "${c.discussionKind}" (declare it in discussionKinds)`);
    }),
  );
  return errors;
}

/** A clock started by another one passing names a clock of its own stage (cycles: validate.ts clockErrors). */
function passedErrors(p: Procedure): string[] {
  const errors: string[] = [];
  p.stages.forEach((s, i) =>
    s.clocks.forEach((c, j) => {
      if (c.anchor.kind !== 'clockPassed') return;
      const { clock } = c.anchor;
      if (!s.clocks.some((k) => k.id === clock))
        errors.push(`stages[${i}].clocks[${j}].anchor.clock: no clock "${clock}" in this stage`);
    }),
  );
  return errors;
}

/** The raise window counts from a date people enter: one a clock asks for, or one it labels itself. */
function raiseWindowErrors(p: Procedure): string[] {
  const w = p.rules.raiseWithin;
  if (!w) return [];
  const entered = p.stages.some((s) =>
    s.clocks.some((c) => c.anchor.kind === 'userDate' && c.anchor.field === w.of),
  );
  if (caseLimitFields(p).some((f) => f.field === w.of))
    return [`rules.raiseWithin.of: "${w.of}" is the field of a timescale set for the case, not a date`];
  if (entered || w.label) return [];
  return [
    `rules.raiseWithin.of: unknown date "${w.of}": no clock asks for it (use the field of a userDate anchor, or give a label to ask for it at raise)`,
  ];
}

export function anchorErrors(p: Procedure): string[] {
  return [...kindErrors(p), ...passedErrors(p), ...raiseWindowErrors(p)];
}
