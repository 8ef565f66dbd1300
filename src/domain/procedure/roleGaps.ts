/**
 * The roles a procedure's stages name, checked against one partnership's directory, which the procedure validator
 * cannot see: a role of the procedure's own must be one the directory defines, and someone should hold it.
 */
import { BUILTIN_ROLES, type Directory } from '../directory';
import type { Procedure } from './schema';

/** Every role of the procedure's own a stage names, with its path. */
function customRoleUses(p: Procedure): { id: string; path: string }[] {
  const uses: { id: string; path: string }[] = [];
  const use = (id: string | undefined, path: string) => {
    if (id !== undefined && !Object.hasOwn(BUILTIN_ROLES, id)) uses.push({ id, path });
  };
  p.stages.forEach((s, i) => {
    for (const [side, list] of Object.entries(s.involvement ?? {}))
      (list ?? []).forEach((e, j) => {
        const at = `stages[${i}].involvement.${side}[${j}]`;
        if ('role' in e) use(e.role, `${at}.role`);
        if ('partnershipRole' in e) use(e.partnershipRole, `${at}.partnershipRole`);
      });
    s.notify.forEach((n, j) => {
      use(n.role, `stages[${i}].notify[${j}].role`);
      use(n.partnershipRole, `stages[${i}].notify[${j}].partnershipRole`);
    });
  });
  return uses;
}

/** Errors: a role the directory does not define. Notes: a role nobody holds (the business office names someone). */
export function roleGaps(p: Procedure, dir: Directory): { errors: string[]; notes: string[] } {
  const defined = new Set((dir.partnership.roles ?? []).map((r) => r.id));
  const uses = customRoleUses(p);
  const errors = uses
    .filter((u) => !defined.has(u.id))
    .map(
      (u) =>
        `${u.path}: "${u.id}" is not a role of ${dir.partnership.name} (partnership.roles in the directory)`,
    );
  const notes = [...new Set(uses.map((u) => u.id))]
    .filter((id) => defined.has(id) && !dir.people.some((x) => (x.roles ?? []).includes(id)))
    .map(
      (id) =>
        `nobody in the directory holds the role "${id}": at each stage that needs it the business office will be asked to name someone`,
    );
  return { errors, notes };
}

/**
 * A directory for a timeline with no real one: each agency's managers hold the roles the stages ask of a side, the
 * business office those asked of the partnership, so the timeline runs as in a partnership where they are held.
 */
export function withProcedureRoles(dir: Directory, p: Procedure): Directory {
  if (!p.roles.length) return dir;
  const uses = customRoleUses(p);
  const ids = (suffix: string) => [...new Set(uses.filter((u) => u.path.endsWith(suffix)).map((u) => u.id))];
  const [onSide, ofPartnership] = [ids('.role'), ids('.partnershipRole')];
  const office = new Set(dir.partnership.businessOfficeIds);
  const rolesOf = (x: Directory['people'][number]) =>
    office.has(x.id) ? ofPartnership : x.role === 'manager' && x.agencyId !== 'partnership' ? onSide : [];
  return {
    ...dir,
    partnership: { ...dir.partnership, roles: p.roles.map((r) => ({ ...r })) },
    people: dir.people.map((x) => (rolesOf(x).length ? { ...x, roles: rolesOf(x) } : x)),
  };
}
