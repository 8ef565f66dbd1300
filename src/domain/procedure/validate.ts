/** Validate a procedure definition: schema first, then the references between its parts. */
import type { z } from 'zod';
import { anchorErrors } from './anchorChecks';
import { involvementErrors } from './involvementChecks';
import { chairStage, targetsOf } from './order';
import { PROCEDURE, type CaseLimitField, type Limit, type Procedure } from './schema';

export type ValidationResult = { ok: true; procedure: Procedure } | { ok: false; errors: string[] };

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((i) => `${pathOf(i.path) || '(root)'}: ${i.message}`);
}

/** Cross-reference checks the schema cannot express. */
export function referenceErrors(p: Procedure): string[] {
  const errors: string[] = [];
  const ids = new Map<string, number>();
  p.stages.forEach((s, i) => {
    if (ids.has(s.id)) errors.push(`stages[${i}].id: duplicate stage id "${s.id}"`);
    ids.set(s.id, i);
  });
  const known = (id: string) => ids.has(id);
  if (!known(p.firstStage)) errors.push(`firstStage: unknown stage "${p.firstStage}"`);
  p.stages.forEach((s, i) => {
    if (s.next !== null && !known(s.next)) errors.push(`stages[${i}].next: unknown stage "${s.next}"`);
    errors.push(...clockErrors(s.clocks, `stages[${i}]`, i === ids.get(p.firstStage)));
  });
  if (p.rules.imminentRisk && !known(p.rules.imminentRisk.startAt)) {
    errors.push(`rules.imminentRisk.startAt: unknown stage "${p.rules.imminentRisk.startAt}"`);
  }
  errors.push(...urgentErrors(p));
  errors.push(...bypassErrors(p));
  errors.push(...obligationErrors(p));
  errors.push(...capErrors(p));
  errors.push(...chainErrors(p, ids));
  errors.push(...limitErrors(p));
  errors.push(...anchorErrors(p));
  errors.push(...involvementErrors(p));
  return errors;
}

function clockErrors(clocks: Procedure['stages'][number]['clocks'], at: string, isFirst: boolean): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  clocks.forEach((c, j) => {
    if (ids.has(c.id)) errors.push(`${at}.clocks[${j}].id: duplicate clock id "${c.id}"`);
    ids.add(c.id);
  });
  clocks.forEach((c, j) => {
    if (c.anchor.kind === 'clockMet' && !ids.has(c.anchor.clock)) {
      errors.push(`${at}.clocks[${j}].anchor.clock: no clock "${c.anchor.clock}" in this stage`);
    }
    if (c.anchor.kind === 'previousStageEnd' && isFirst) {
      errors.push(`${at}.clocks[${j}].anchor: the first stage has no previous stage`);
    }
  });
  // clocks anchored on each other must not form a cycle
  const anchorOf = new Map(clocks.map((c) => [c.id, 'clock' in c.anchor ? c.anchor.clock : null]));
  clocks.forEach((c, j) => {
    const seen = new Set<string>([c.id]);
    let next = anchorOf.get(c.id);
    while (next) {
      if (seen.has(next)) {
        errors.push(
          `${at}.clocks[${j}].anchor: clocks anchored on each other form a cycle (${[...seen].join(' → ')})`,
        );
        break;
      }
      seen.add(next);
      next = anchorOf.get(next) ?? null;
    }
  });
  return errors;
}

/** Urgent timescales must name stages and clocks that exist. */
function urgentErrors(p: Procedure): string[] {
  const errors: string[] = [];
  for (const [stageId, clocks] of Object.entries(p.rules.imminentRisk?.urgent ?? {})) {
    const stage = p.stages.find((s) => s.id === stageId);
    if (!stage) errors.push(`rules.imminentRisk.urgent.${stageId}: unknown stage "${stageId}"`);
    for (const clockId of Object.keys(clocks))
      if (stage && !stage.clocks.some((k) => k.id === clockId))
        errors.push(`rules.imminentRisk.urgent.${stageId}.${clockId}: no clock "${clockId}" in that stage`);
  }
  return errors;
}

/** Every limit in the procedure, with its path: the clocks' own and the urgent ones. */
function limitsOf(p: Procedure): [string, Limit][] {
  const out: [string, Limit][] = [];
  p.stages.forEach((s, i) =>
    s.clocks.forEach((c, j) => out.push([`stages[${i}].clocks[${j}].limit`, c.limit])),
  );
  for (const [stageId, clocks] of Object.entries(p.rules.imminentRisk?.urgent ?? {}))
    for (const [clockId, u] of Object.entries(clocks))
      out.push([`rules.imminentRisk.urgent.${stageId}.${clockId}.limit`, u.limit]);
  return out;
}

/**
 * A limit set for the case stands beside a fixed one in a `lesserOf` (which applies alone until it is set); a field
 * means one value per case, so every use of it must define it alike, and it must not share a name with a date
 * people enter.
 */
function limitErrors(p: Procedure): string[] {
  const errors: string[] = [];
  const fields = new Map<string, { at: string; def: CaseLimitField }>();
  const dates = new Set(
    p.stages
      .flatMap((s) => s.clocks.map((c) => c.anchor))
      .flatMap((a) => (a.kind === 'userDate' ? [a.field] : [])),
  );
  const visit = (l: Limit, at: string, inLesser: boolean) => {
    if (l.setForCase) {
      const f = l.setForCase;
      if (!inLesser)
        errors.push(
          `${at}.setForCase: a limit set for the case must be one of a lesserOf, beside a fixed limit that applies until it is set`,
        );
      const seen = fields.get(f.field);
      if (seen && JSON.stringify(seen.def) !== JSON.stringify(f))
        errors.push(
          `${at}.setForCase: field "${f.field}" is defined differently at ${seen.at} (one value is set per case)`,
        );
      if (!seen) fields.set(f.field, { at: `${at}.setForCase`, def: f });
      if (dates.has(f.field))
        errors.push(`${at}.setForCase.field: "${f.field}" is already the field of a date people enter`);
    }
    const pair = l.lesserOf ?? [];
    if (pair.length === 2 && pair.every((m) => m.setForCase))
      errors.push(
        `${at}.lesserOf: at most one of the two may be set for the case (the other applies until it is)`,
      );
    pair.forEach((m, k) => visit(m, `${at}.lesserOf[${k}]`, true));
  };
  for (const [at, l] of limitsOf(p)) visit(l, at, false);
  return errors;
}

/** A referral names stages that exist, and never the first stage (a referral only goes forward). */
function bypassErrors(p: Procedure): string[] {
  const errors: string[] = [];
  p.rules.bypass.forEach((b, i) =>
    targetsOf(b).forEach((to, j) => {
      const at = typeof b.to === 'string' ? `rules.bypass[${i}].to` : `rules.bypass[${i}].to[${j}]`;
      if (!p.stages.some((s) => s.id === to)) errors.push(`${at}: unknown stage "${to}"`);
      else if (to === p.firstStage)
        errors.push(`${at}: "${to}" is the first stage; a referral only goes forward`);
    }),
  );
  return errors;
}

/** Obligations after resolution: ids unique, and a fixed limit (nobody sets a value for a closed case). */
function obligationErrors(p: Procedure): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  p.rules.afterResolution.forEach((o, i) => {
    if (ids.has(o.id)) errors.push(`rules.afterResolution[${i}].id: duplicate obligation id "${o.id}"`);
    ids.add(o.id);
    if (JSON.stringify(o.within).includes('"setForCase"'))
      errors.push(`rules.afterResolution[${i}].within: must be a fixed limit, not one set for the case`);
  });
  return errors;
}

/** A passed cap moves a case only forward, to a stage that exists (the Chair's, for referToChair). */
function capErrors(p: Procedure): string[] {
  const then = p.rules.cap?.then;
  if (then === 'referToChair' && !chairStage(p))
    return ['rules.cap.then: "referToChair" needs a stage that involves the independentChair'];
  if (typeof then !== 'object') return [];
  if (!p.stages.some((s) => s.id === then.goToStage))
    return [`rules.cap.then.goToStage: unknown stage "${then.goToStage}"`];
  if (then.goToStage === p.firstStage)
    return [
      `rules.cap.then.goToStage: "${then.goToStage}" is the first stage; a passed cap moves a case forward`,
    ];
  return [];
}

/** The `next` links must lead from the first stage to an end without looping. */
function chainErrors(p: Procedure, ids: Map<string, number>): string[] {
  const seen: string[] = [];
  let at: string | null = p.firstStage;
  while (at !== null && ids.has(at)) {
    if (seen.includes(at)) return [`stages: the next links form a cycle (${[...seen, at].join(' → ')})`];
    seen.push(at);
    at = p.stages[ids.get(at)!]!.next;
  }
  return [];
}

/** Reference problems too, when the shape is close enough to check them, so every problem is listed at once. */
function bestEffortReferences(input: unknown): string[] {
  try {
    return referenceErrors(input as Procedure);
  } catch {
    return [];
  }
}

/** Parse and validate an unknown value (e.g. parsed JSON) as a procedure definition. */
export function validateProcedure(input: unknown): ValidationResult {
  const parsed = PROCEDURE.safeParse(input);
  if (!parsed.success)
    return { ok: false, errors: [...formatIssues(parsed.error.issues), ...bestEffortReferences(input)] };
  const errors = referenceErrors(parsed.data);
  return errors.length ? { ok: false, errors } : { ok: true, procedure: parsed.data };
}

/** Parse JSON text as a procedure definition; a JSON syntax error is reported, never thrown. */
export function validateProcedureText(text: string): ValidationResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`(file): not valid JSON: ${(e as Error).message}`] };
  }
  return validateProcedure(value);
}

export function stageById(p: Procedure, id: string): Procedure['stages'][number] {
  const s = p.stages.find((x) => x.id === id);
  if (!s) throw new Error(`UNKNOWN_STAGE: ${id}`);
  return s;
}
