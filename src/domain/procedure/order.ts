/** The order of a procedure's stages: along the `next` links from the first stage, then any others as listed. */
import type { Bypass, Procedure, Stage } from './schema';
import { stageInvolves } from './involvementChecks';

export function stagesInOrder(p: Procedure): Stage[] {
  const out: Stage[] = [];
  let at: string | null = p.firstStage;
  while (at !== null && !out.some((s) => s.id === at)) {
    const stage = p.stages.find((s) => s.id === at);
    if (!stage) break;
    out.push(stage);
    at = stage.next;
  }
  return [...out, ...p.stages.filter((s) => !out.includes(s))];
}

/** True when stage `to` comes after stage `from` in the procedure (a move to it is forward). */
export function isAfter(p: Procedure, to: string, from: string): boolean {
  const ids = stagesInOrder(p).map((s) => s.id);
  return ids.indexOf(to) > ids.indexOf(from);
}

/** The stage a case is referred to the Chair at: the first that involves the Independent Chair. */
export function chairStage(p: Procedure): Stage | undefined {
  return stagesInOrder(p).find((s) => stageInvolves(s, 'independentChair'));
}

/** Where a passed cap moves a case (null: it only alerts). */
export function capTarget(p: Procedure): string | null {
  const then = p.rules.cap?.then ?? 'alert';
  if (then === 'alert') return null;
  if (then === 'referToChair') return chairStage(p)?.id ?? null;
  return then.goToStage;
}

/** The stages a referral rule lists. */
export function targetsOf(b: Bypass): string[] {
  return typeof b.to === 'string' ? [b.to] : b.to;
}
