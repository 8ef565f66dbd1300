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
  | 'nameApprover';

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

/** Up to three agreed actions, each with what, who (one of `owners`) and by when: input ids action0Text … action2Due. */
export function actionFields(owners: Choice[], name = 'Action'): Field[] {
  return [0, 1, 2].flatMap((i): Field[] => [
    { id: `action${i}Text`, label: `${name} ${i + 1}`, kind: 'text', maxLength: MAX.reason },
    { id: `action${i}Owner`, label: `${name} ${i + 1}: who will do it`, kind: 'choice', choices: owners },
    { id: `action${i}Due`, label: `${name} ${i + 1}: due by`, kind: 'date' },
  ]);
}

export function personChoice(dir: Directory, p: Person): Choice {
  return { title: `${p.name} — ${findAgency(dir, p.agencyId)?.name ?? p.agencyId}`, value: p.id };
}

/** Who `viewerId` may choose as a supporter: their own agency's people; the business office, anyone's. */
export function supporterChoices(dir: Directory, viewerId: string): Choice[] {
  const office = isBusinessOffice(dir, viewerId);
  const own = findPerson(dir, viewerId)?.agencyId;
  return dir.people
    .filter((x) => x.id !== viewerId && x.agencyId !== 'partnership' && (office || x.agencyId === own))
    .map((x) => personChoice(dir, x));
}
