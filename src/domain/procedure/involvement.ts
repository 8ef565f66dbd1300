/**
 * Who is involved at a stage, per side, and who is only told (issue #18 "Roles as data"). Optional: a stage without
 * `involvement` resolves its `involves` list exactly as before.
 */
import { z } from 'zod';

const ROLE_ID = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'must be a role id (letters, digits, dashes)');

/** A role the procedure names beyond the built-in ones; people hold it in the directory (partnership.roles). */
export const PROCEDURE_ROLE = z.strictObject({
  id: ROLE_ID,
  name: z.string().min(1),
  description: z.string().optional(),
});

/**
 * One way of finding a person: the side's professional; whoever holds a role in the side's agency; the line
 * manager of the side's professional; the next manager up (climbing, with the stage's `climb`); the agency's named
 * escalation manager; or whoever holds a partnership role.
 */
export const INVOLVED = z.union(
  [
    z.strictObject({ professional: z.literal(true) }),
    z.strictObject({ role: ROLE_ID }),
    z.strictObject({ lineManagerOf: z.literal('practitioner') }),
    z.strictObject({ nextManagerUp: z.literal(true) }),
    z.strictObject({ namedEscalationManager: z.literal(true) }),
    z.strictObject({ partnershipRole: ROLE_ID }),
  ],
  {
    error:
      'must be one of { "professional": true }, { "role": "<id>" }, { "lineManagerOf": "practitioner" }, ' +
      '{ "nextManagerUp": true }, { "namedEscalationManager": true }, { "partnershipRole": "<id>" }',
  },
);

export const INVOLVEMENT = z
  .strictObject({
    raising: z.array(INVOLVED).optional(),
    receiving: z.array(INVOLVED).optional(),
    both: z.array(INVOLVED).optional(),
    partnership: z.array(INVOLVED).optional(),
  })
  .refine((v) => Object.values(v).some((list) => list && list.length > 0), {
    message: 'must name who is involved (raising, receiving, both or partnership)',
  });

export const NOTIFY_ON = z.enum(['entry', 'deadline', 'closure']);

/** Told of the stage (reference, stage, deadline; nothing of the case), never involved by it. */
export const NOTIFY = z
  .strictObject({
    role: ROLE_ID.optional(),
    partnershipRole: ROLE_ID.optional(),
    on: z.array(NOTIFY_ON).min(1, 'must say when: entry, deadline and/or closure'),
  })
  .refine((n) => (n.role === undefined) !== (n.partnershipRole === undefined), {
    message: 'must give exactly one of role, partnershipRole',
  });

/** The stage fields this adds (spread into the stage schema). */
export const STAGE_INVOLVEMENT = {
  involvement: INVOLVEMENT.optional(),
  notify: z.array(NOTIFY).default([]),
};

export type Involvement = z.infer<typeof INVOLVEMENT>;
export type Involved = z.infer<typeof INVOLVED>;
export type NotifyRule = z.infer<typeof NOTIFY>;
export type NotifyOn = z.infer<typeof NOTIFY_ON>;
export type ProcedureRole = z.infer<typeof PROCEDURE_ROLE>;
