/** The raise form: the procedure, the other professional, the reference and the disagreement. */
import { MAX } from '../../../domain/case';
import { findAgency, themesOf } from '../../../domain/directory';
import { referenceFormatOf } from '../../../domain/reference';
import { personChoice, supporterChoices, type Field, type FormContext, type FormFields } from './fields';

/** The toggles and pickers a procedure's rules add to the raise form. */
function ruleFields(ctx: FormContext): Field[] {
  const procs = ctx.procedures ?? [];
  const fields: Field[] = [];
  if (procs.some((p) => p.rules.imminentRisk))
    fields.push({
      id: 'imminentRisk',
      label:
        'A child is at imminent risk of harm and the other agency disagrees (starts stage 1 at once, where the procedure says so)',
      kind: 'toggle',
      value: 'false',
    });
  if (procs.some((p) => p.rules.conflictWithOwnManager))
    fields.push({
      id: 'conflictWithOwnManager',
      label:
        'The conflict is with my own line manager (goes to the next manager in line, where the procedure says so)',
      kind: 'toggle',
      value: 'false',
    });
  if (procs.some((p) => p.rules.supporterAllowed))
    fields.push({
      id: 'supporterId',
      label: 'A supporter from your agency (optional)',
      kind: 'choice',
      choices: supporterChoices(ctx.directory, ctx.viewerId),
      placeholder: 'No supporter',
    });
  return fields;
}

export function raiseFields(ctx: FormContext): FormFields {
  const dir = ctx.directory;
  const me = dir.people.find((x) => x.id === ctx.viewerId);
  const procs = ctx.procedures ?? [];
  // colleagues of one's own agency only where a procedure offered allows it (the core re-checks the one chosen)
  const sameAgency = procs.some((p) => p.rules.sameAgency === 'allowed');
  const others = dir.people.filter(
    (x) =>
      x.id !== ctx.viewerId && (sameAgency || x.agencyId !== me?.agencyId) && x.agencyId !== 'partnership',
  );
  const format = referenceFormatOf(me && findAgency(dir, me.agencyId));
  const fields: Field[] = [
    {
      id: 'procedureId',
      label: 'Procedure',
      kind: 'radio',
      required: true,
      choices: procs.map((p) => ({ title: p.title, value: p.id })),
      value: procs[0]?.id,
    },
    {
      id: 'otherProfessionalId',
      label: 'The professional you disagree with',
      kind: 'choice',
      required: true,
      choices: others.map((x) => personChoice(dir, x)),
      placeholder: 'Choose a person',
    },
    {
      id: 'reference',
      label: 'Your agency’s case reference',
      kind: 'text',
      required: true,
      maxLength: MAX.reference,
      placeholder: `e.g. ${format.example}`,
      hint: `${format.description[0]!.toUpperCase()}${format.description.slice(1)}. Never the child’s name.`,
    },
    {
      id: 'theme',
      label: 'What the disagreement is about',
      kind: 'choice',
      required: true,
      choices: themesOf(dir).map((t) => ({ title: t.label, value: t.id })),
      placeholder: 'Choose a theme',
    },
    { id: 'summary', label: 'The disagreement', kind: 'multiline', required: true, maxLength: MAX.text },
    ...ruleFields(ctx),
  ];
  return {
    title: 'Raise a professional disagreement',
    intro:
      'Before raising, try to resolve it by talking to the other professional, by telephone, face to face or in an online meeting (e-mail is not enough).',
    quote: '',
    fields,
  };
}
