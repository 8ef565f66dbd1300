/**
 * Checks on who a stage involves and tells (involvement.ts). Role ids are checked against the built-in roles and the
 * procedure's own `roles`; whether someone in a partnership's directory holds them is known only at stage entry.
 */
import { ROLE_RANK } from '../directory';
import type { Involved } from './involvement';
import type { Procedure, Stage } from './schema';

const AGENCY_ROLES = new Set(Object.keys(ROLE_RANK));
const PARTNERSHIP_ROLES = new Set(['businessOffice', 'strategicLead', 'independentChair']);
const SIDES = ['raising', 'receiving', 'both', 'partnership'] as const;

/** Whether `stage` involves the partnership capacity `kind` (by `involves`, or as a partnership role in `involvement`). */
export function stageInvolves(stage: Stage, kind: 'independentChair'): boolean {
  // involvement decides who takes part where a stage gives it (case/involvement.ts), so it decides here too
  if (stage.involvement)
    return (stage.involvement.partnership ?? []).some(
      (e) => 'partnershipRole' in e && e.partnershipRole === kind,
    );
  return stage.involves?.includes(kind) ?? false;
}

/** Whether only the partnership takes part at `stage` (no agency on either side). */
export function partnershipOnly(stage: Stage): boolean {
  const inv = stage.involvement;
  if (inv) return !inv.raising?.length && !inv.receiving?.length && !inv.both?.length;
  return (stage.involves ?? []).every((k) => PARTNERSHIP_ROLES.has(k));
}

export function involvementErrors(p: Procedure): string[] {
  const errors: string[] = [];
  const declared = new Set<string>();
  p.roles.forEach((r, i) => {
    if (declared.has(r.id)) errors.push(`roles[${i}].id: duplicate role "${r.id}"`);
    if (AGENCY_ROLES.has(r.id) || PARTNERSHIP_ROLES.has(r.id))
      errors.push(`roles[${i}].id: "${r.id}" is a built-in role; choose another id`);
    declared.add(r.id);
  });
  const check = new RoleCheck(declared);
  p.stages.forEach((s, i) => {
    if (!s.involves && !s.involvement)
      errors.push(`stages[${i}].involves: must name who is involved (involves, or involvement per side)`);
    for (const side of SIDES)
      s.involvement?.[side]?.forEach((entry, j) =>
        errors.push(...check.entry(entry, side, `stages[${i}].involvement.${side}[${j}]`)),
      );
    s.notify.forEach((n, j) => {
      const at = `stages[${i}].notify[${j}]`;
      if (n.role !== undefined) errors.push(...check.agencyRole(n.role, `${at}.role`));
      if (n.partnershipRole !== undefined)
        errors.push(...check.partnershipRole(n.partnershipRole, `${at}.partnershipRole`));
    });
  });
  return errors;
}

class RoleCheck {
  constructor(private readonly declared: Set<string>) {}

  entry(e: Involved, side: (typeof SIDES)[number], at: string): string[] {
    if ('partnershipRole' in e) return this.partnershipRole(e.partnershipRole, `${at}.partnershipRole`);
    if (side === 'partnership')
      return [
        `${at}: the partnership side takes partnership roles only ({ "partnershipRole": "<id>" }); a person of an agency belongs to raising, receiving or both`,
      ];
    return 'role' in e ? this.agencyRole(e.role, `${at}.role`) : [];
  }

  agencyRole(id: string, at: string): string[] {
    if (PARTNERSHIP_ROLES.has(id)) return [`${at}: "${id}" is a partnership role; use partnershipRole`];
    return AGENCY_ROLES.has(id) || this.declared.has(id) ? [] : [this.unknown(id, at)];
  }

  partnershipRole(id: string, at: string): string[] {
    if (AGENCY_ROLES.has(id))
      return [`${at}: "${id}" is held in an agency; use role under raising, receiving or both`];
    return PARTNERSHIP_ROLES.has(id) || this.declared.has(id) ? [] : [this.unknown(id, at)];
  }

  private unknown(id: string, at: string): string {
    return `${at}: unknown role "${id}" (declare it in roles, or use a built-in one)`;
  }
}
