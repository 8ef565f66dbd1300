/** Forms that change who is on a case or where it sits: refer to a later stage, assign a manager, add a supporter. */
import { sideName } from '../sides';
import { MAX, referralRules, referralTargets } from '../../../domain/case';
import { isBusinessOffice } from '../../../domain/directory';
import { stageById } from '../../../domain/procedure/validate';
import { literal } from '../literal';
import { personChoice, supporterChoices, type CaseForm } from './fields';

/** The later stages the viewer's referral rules list, and those rules' words. */
export const refer: CaseForm = ({ ctx, c, procedure: p }) => {
  const targets = referralTargets(c, ctx.viewerId, ctx.directory, p);
  const rules = referralRules(c, ctx.viewerId, ctx.directory, p);
  return {
    title: 'Refer to a later stage',
    submit: 'Refer the case',
    intro: '',
    quote: rules.map((b) => b.wording).join(' '),
    fields: [
      {
        id: 'stageId',
        label: 'Refer to',
        kind: 'radio',
        required: true,
        choices: targets.map((to) => ({
          title: `${stageById(p, to).label}: ${stageById(p, to).name}`,
          value: to,
        })),
      },
      { id: 'reason', label: 'Reason', kind: 'multiline', required: true, maxLength: MAX.reason },
    ],
  };
};

export const assign: CaseForm = ({ c, dir }) => {
  const open = c.flags.filter((f) => !f.resolvedAt && c.agencies.includes(f.agencyId));
  return {
    title: 'Assign a manager',
    submit: 'Assign',
    intro: open.map((f) => `Missing: ${literal(f.wanted)}.`).join(' '),
    quote: '',
    fields: [
      {
        id: 'agencyId',
        label: 'Agency',
        kind: 'radio',
        required: true,
        choices: c.agencies.map((a) => ({ title: sideName(dir, a), value: a })),
        value: open[0]?.agencyId,
      },
      {
        id: 'personId',
        label: 'Person',
        kind: 'choice',
        required: true,
        choices: dir.people.filter((x) => c.agencies.includes(x.agencyId)).map((x) => personChoice(dir, x)),
      },
    ],
  };
};

export const supporter: CaseForm = ({ ctx, dir }) => ({
  title: 'Add a supporter',
  submit: 'Add the supporter',
  intro: isBusinessOffice(dir, ctx.viewerId)
    ? 'Some professionals may need support when raising a disagreement. The business office may add a supporter from any agency.'
    : 'Some professionals may need support when raising a disagreement. A supporter comes from your own agency; the business office can add one from another agency.',
  quote: '',
  fields: [
    {
      id: 'supporterId',
      label: 'Supporter',
      kind: 'choice',
      required: true,
      choices: supporterChoices(dir, ctx.viewerId),
    },
  ],
});
