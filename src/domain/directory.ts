/** The directory: people, agencies and partnership roles; "next named manager" is resolved from it. */
import type { Nation } from './calendar';

/** Seniority in an agency's line. Higher rank = more senior. */
export const ROLE_RANK = {
  practitioner: 0,
  manager: 1,
  seniorManager: 2,
  headOfService: 3,
  director: 4,
} as const;
export type AgencyRole = keyof typeof ROLE_RANK;

export interface Person {
  id: string; // Entra object id (Teams from.aadObjectId)
  name: string;
  agencyId: string;
  role: AgencyRole;
  lineManagerId?: string;
  email?: string;
  /** Roles the partnership defines that this person holds in their agency (ids of partnership.roles). */
  roles?: string[];
}

export interface Agency {
  id: string;
  name: string;
  escalationManagerId?: string; // the agency's named escalation manager
  headOfServiceId?: string;
  directorId?: string;
  /** The agency's case-reference format (all three, or none: the default rule, src/domain/reference.ts). */
  referencePattern?: string; // ^CSC/\d{4}/\d{4}$ (a JavaScript regular expression)
  referenceFormat?: string; // 'CSC/ then the year then 4 digits'
  referenceExample?: string; // 'CSC/2026/0042'
}

/** Where business office alerts go: a Teams channel conversation. */
export interface ChannelRef {
  conversationId: string;
  serviceUrl: string;
  tenantId?: string;
}

/** A theme a disagreement can be about: the raise form offers the partnership's list; reports group by label. */
export interface Theme {
  id: string; // 'threshold'
  label: string; // 'Threshold for intervention'
}

/** The list a partnership has until it sets its own (directory: partnership.themes). */
export const DEFAULT_THEMES: readonly Theme[] = Object.freeze([
  { id: 'threshold', label: 'Threshold for intervention' },
  { id: 'plan-not-followed', label: 'Plan not being followed' },
  { id: 'information-sharing', label: 'Information sharing' },
  { id: 'attendance', label: 'Attendance at meetings' },
  { id: 'communication', label: 'Communication' },
  { id: 'other', label: 'Other' },
]);

/** A role a partnership defines ("service manager", "designated safeguarding lead"); people hold it in their agency. */
export interface RoleDef {
  id: string; // 'serviceManager'
  name: string; // 'Service manager'
  description?: string;
}

/** Role ids every directory has: the agency ranks (Person.role) and the partnership's fixed roles. */
export const BUILTIN_ROLES: Readonly<Record<string, string>> = Object.freeze({
  practitioner: 'practitioner',
  manager: 'manager',
  seniorManager: 'senior manager',
  headOfService: 'Head of Service',
  director: 'Director / Chief Executive',
  businessOffice: 'business office',
  strategicLead: 'Strategic Lead',
  independentChair: 'Independent Chair',
});

export interface Partnership {
  id: string;
  name: string;
  nation: Nation;
  businessOfficeIds: string[]; // people in the business office
  strategicLeadIds: string[];
  chairId?: string; // the Independent Chair
  businessOfficeChannel?: ChannelRef;
  /** The themes offered when raising (absent: DEFAULT_THEMES). */
  themes?: Theme[];
  /** Roles of the partnership's own, beside the built-in ones (absent: none). */
  roles?: RoleDef[];
}

/** Out of office: while away (London dates, inclusive), `delegateId` receives escalations and approvals. */
export interface Delegation {
  personId: string;
  delegateId: string;
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
}

export interface Directory {
  partnership: Partnership;
  agencies: Agency[];
  people: Person[];
  delegations?: Delegation[];
}

export function findPerson(dir: Directory, id: string): Person | undefined {
  return dir.people.find((p) => p.id === id);
}

/**
 * A case has two sides, each keyed by its agency's id; where a procedure allows a disagreement inside one agency,
 * the receiving side's key is the agency's id with this mark, so the two sides stay apart.
 */
export const SAME_AGENCY_MARK = '#receiving';

/** The agency a case side stands for. */
export function agencyOfSide(side: string): string {
  return side.endsWith(SAME_AGENCY_MARK) ? side.slice(0, -SAME_AGENCY_MARK.length) : side;
}

/** An agency by its id, or by a case side's key. */
export function findAgency(dir: Directory, id: string): Agency | undefined {
  const agencyId = agencyOfSide(id);
  return dir.agencies.find((a) => a.id === agencyId);
}

export function lineManagerOf(dir: Directory, personId: string): Person | undefined {
  const p = findPerson(dir, personId);
  return p?.lineManagerId ? findPerson(dir, p.lineManagerId) : undefined;
}

export function isBusinessOffice(dir: Directory, personId: string): boolean {
  return dir.partnership.businessOfficeIds.includes(personId);
}

/** The delegation in force for `personId` on the London date `day` (YYYY-MM-DD), if any. */
export function delegationOn(dir: Directory, personId: string, day: string): Delegation | undefined {
  return dir.delegations?.find((d) => d.personId === personId && d.from <= day && day <= d.to);
}

/**
 * Who acts for `personId` on `day`: their delegate while they are away, else themselves. One step only:
 * a delegate who is away too is still the delegate (the card says so; the business office can reassign).
 */
export function actingFor(dir: Directory, personId: string, day: string): string {
  return delegationOn(dir, personId, day)?.delegateId ?? personId;
}

/** The partnership's themes: its own list, else the default one. */
export function themesOf(dir: Directory): readonly Theme[] {
  return dir.partnership.themes?.length ? dir.partnership.themes : DEFAULT_THEMES;
}

/**
 * How a case's theme reads: its label. Cases raised before themes were a list hold free text: shown as
 * "Other: …" in a 1:1 view, and counted under Other in reports (`grouped`), so it never reaches a channel.
 */
export function themeLabel(dir: Directory, theme: string, grouped = false): string {
  const known = themesOf(dir).find((t) => t.id === theme);
  if (known) return known.label;
  const other = themesOf(dir).find((t) => t.id === 'other')?.label ?? 'Other';
  return grouped ? other : `${other}: ${theme}`;
}

/** Whether `p` holds the role `roleId` in their agency: their rank (a built-in role) or one they were given. */
export function holdsRole(p: Person, roleId: string): boolean {
  return p.role === roleId || (p.roles ?? []).includes(roleId);
}

/** How a role reads: the partnership's name for it, the built-in wording, else its id. */
export function roleName(dir: Directory, roleId: string): string {
  return dir.partnership.roles?.find((r) => r.id === roleId)?.name ?? BUILTIN_ROLES[roleId] ?? roleId;
}
