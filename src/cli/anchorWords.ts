/** `procedure show` words for the anchors of issue #18, discussion kinds and the raise window. */
import { dateFields, dateWords, plural } from '../domain/procedure/limitWords';
import type { Clock, Procedure } from '../domain/procedure/schema';

const FIXED: Record<string, string> = {
  stageStart: 'the start of the stage',
  previousStageEnd: 'the end of the previous stage',
  raise: 'the raise',
};

/** What clock `k` counts from, in words: 'the start of the stage', '"Acknowledgement" passing without being met'. */
export function anchorWords(k: Clock, clocks: readonly Clock[]): string {
  const a = k.anchor;
  const label = (id: string) => `"${clocks.find((c) => c.id === id)?.label ?? id}"`;
  if (a.kind === 'clockMet')
    return `${label(a.clock)} being met${a.at === 'happened' ? ' (when it happened, as the person recording it says)' : ''}`;
  if (a.kind === 'clockPassed') return `${label(a.clock)} passing without being met`;
  if (a.kind === 'userDate') return dateWords(a.label);
  return FIXED[a.kind]!;
}

/** ' (met only by a discussion of the kind "Strategy meeting")', or '' for a clock that asks for no kind. */
export function kindWords(p: Procedure, k: Clock): string {
  if (!k.discussionKind) return '';
  const kind = (p.discussionKinds ?? []).find((x) => x.id === k.discussionKind);
  return ` (met only by a discussion of the kind "${kind?.label ?? k.discussionKind}")`;
}

/** The rules lines: kinds of discussion people choose from, and the window a raise is checked against. */
export function anchorRuleLines(p: Procedure): string[] {
  const lines: string[] = [];
  if (p.discussionKinds?.length)
    lines.push(`  Kinds of discussion recorded: ${p.discussionKinds.map((k) => k.label).join(', ')}`);
  const w = p.rules.raiseWithin;
  if (w)
    lines.push(
      `  Raise within ${plural(w.workingDays, 'working day')} of ${dateWords(dateFields(p).get(w.of) ?? w.of)}: a late raise is recorded and shown on the case, never alerted${w.wording ? `. “${w.wording}”` : ''}`,
    );
  return lines;
}

/**
 * Timeline notes for clocks that start when another passes, where that pass moves the case on (so, if nobody acts,
 * they never start): said, so no clock goes unmentioned.
 */
export function passedNotes(p: Procedure): string[] {
  return p.stages.flatMap((s) =>
    s.clocks.flatMap((k) => {
      if (k.anchor.kind !== 'clockPassed') return [];
      const id = k.anchor.clock;
      const first = s.clocks.find((x) => x.id === id);
      if (first?.onPass !== 'escalate' || s.next === null) return [];
      return [
        `(not shown, as the case moves on: "${k.label}" (${s.label}) starts when "${first.label}" passes without being met, and that moves the case to the next stage)`,
      ];
    }),
  );
}
