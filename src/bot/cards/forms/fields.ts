/** What every form is made of: its fields, the context it is drawn in, and the pickers several forms share. */
import { MAX, type Case } from '../../../domain/case';
import {
  findAgency,
  findPerson,
  isBusinessOffice,
  type Directory,
  type Person,
} from '../../../domain/directory';
import type { Procedure, Stage } from '../../../domain/procedure/schema';

export type FormKind =
  | 'raise'
  | 'discussion'
  | 'plan'
  | 'action'
  | 'escalate'
  | 'reject'
  | 'learning'
  | 'mediation'
  | 'mediationOutcome'
  | 'decision'
  | 'withdraw'
  | 'refer'
  | 'assign'
  | 'supporter'
  | 'resolve'
  | 'decline'
  | 'setRisk'
  | 'clearRisk'
  | 'closeActions'
  | 'nameApprover'
  | 'caseLimit'
  | 'clockDate';

/**
 * How a field is drawn (cards/formCard.json). A 'date' is a text box read as DD/MM/YYYY (parseAction's readDate), not
 * Input.Date: Teams draws that as a calendar that cannot be typed into everywhere, and reads typed dates by the
 * client's locale (month first) and has sent the day before.
 */
type FieldKind = 'text' | 'multiline' | 'choice' | 'multichoice' | 'radio' | 'date' | 'time' | 'toggle';
export interface Choice {
  title: string;
  value: string;
}
export interface Field {
  id: string;
  label: string;
  kind: FieldKind;
  choices?: Choice[];
  required?: boolean;
  maxLength?: number;
  placeholder?: string;
  hint?: string;
  value?: string;
  /** A toggle's words beside its box ("Yes" unless set); its label, above, says what it is about. */
  title?: string;
}

/** A form's own content; formView adds what every form has (banner, errors, buttons). */
export interface FormFields {
  title: string;
  intro: string;
  quote: string;
  fields: Field[];
  /** The submit button's words, when "Save" would not say what it does. */
  submit?: string;
}

export interface FormContext {
  directory: Directory;
  viewerId: string;
  now: Date;
  banner: string;
  c?: Case;
  procedure?: Procedure;
  procedures?: Procedure[];
  newCaseId?: string;
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  notice?: string;
  /** The case version the submitted card was rendered from, when the form is shown again after a failed save. */
  cardVersion?: number;
}

/** What a form about a case is drawn from: the case, its procedure and stage, and who may be picked. */
export interface CaseFormContext {
  ctx: FormContext;
  c: Case;
  procedure: Procedure;
  stage: Stage;
  dir: Directory;
  /** People involved in the case or in its agencies, as choices (discussion attendees, action owners). */
  owners: Choice[];
  /** What an agreed action's due date starts as: DEFAULT_DUE_DAYS working days from today, DD/MM/YYYY. */
  due: string;
}

/** A form about a case, by kind: every case form has exactly one builder. */
export type CaseForm = (x: CaseFormContext) => FormFields;

// built once: constructing an Intl formatter costs far more than using one
const DATE_INPUT = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const TIME_INPUT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
export const londonDate = (d: Date) => DATE_INPUT.format(d);
export const londonTime = (d: Date) => TIME_INPUT.format(d);
/** 'YYYY-MM-DD' → '25/12/2026', the way a date field shows it and a person types it. */
export const ukDate = (iso: string) => iso.split('-').reverse().join('/');
/** The London date of an instant as a date field shows it: '25/12/2026'. */
export const formDate = (d: Date) => ukDate(londonDate(d));

/** An agreed action's due date starts a working week ahead; the person changes it to the date agreed. */
export const DEFAULT_DUE_DAYS = 5;
export const DATE_HINT = 'DD/MM/YYYY, or “today”.';
const DUE_HINT = `DD/MM/YYYY. Filled in as ${DEFAULT_DUE_DAYS} working days from today: change it to the date agreed.`;

/** An agreed action's due date: starts at `due`, says how it was filled in. */
export function dueField(id: string, label: string, due: string, required = false): Field {
  return { id, label, kind: 'date', required, value: due, hint: DUE_HINT, maxLength: 20 };
}

/**
 * Up to three agreed actions, each with what, who (one of `owners`) and by when (starting at `due`): input ids
 * action0Text … action2Due.
 */
export function actionFields(owners: Choice[], due: string, name = 'Action'): Field[] {
  return [0, 1, 2].flatMap((i): Field[] => [
    { id: `action${i}Text`, label: `${name} ${i + 1}`, kind: 'text', maxLength: MAX.reason },
    { id: `action${i}Owner`, label: `${name} ${i + 1}: who will do it`, kind: 'choice', choices: owners },
    // the first row says how the date was filled in; the rows below work the same way
    i === 0
      ? dueField(`action${i}Due`, `${name} ${i + 1}: due date`, due)
      : { id: `action${i}Due`, label: `${name} ${i + 1}: due date`, kind: 'date', value: due },
  ]);
}

const ROLE_WORDS: Record<Person['role'], string> = {
  practitioner: 'Practitioner',
  manager: 'Manager',
  seniorManager: 'Senior manager',
  headOfService: 'Head of Service',
  director: 'Director',
};

/** What someone does, as a picker shows it: their partnership role, else their level in their agency. */
export function roleOf(dir: Directory, p: Person): string {
  const pr = dir.partnership;
  if (pr.chairId === p.id) return 'Independent Chair';
  if (pr.strategicLeadIds.includes(p.id)) return 'Strategic Lead';
  if (pr.businessOfficeIds.includes(p.id)) return 'Business office';
  return ROLE_WORDS[p.role] ?? p.role;
}

/** A person in a picker: "Name — Role, Agency", so two people of the same name can be told apart. */
export function personChoice(dir: Directory, p: Person): Choice {
  const agency = findAgency(dir, p.agencyId)?.name ?? p.agencyId;
  return { title: `${p.name} — ${roleOf(dir, p)}, ${agency}`, value: p.id };
}

/** Who `viewerId` may choose as a supporter: their own agency's people; the business office, anyone's. */
export function supporterChoices(dir: Directory, viewerId: string): Choice[] {
  const office = isBusinessOffice(dir, viewerId);
  const own = findPerson(dir, viewerId)?.agencyId;
  return dir.people
    .filter((x) => x.id !== viewerId && x.agencyId !== 'partnership' && (office || x.agencyId === own))
    .map((x) => personChoice(dir, x));
}
