/** Where a clock counts from, the kinds of discussion a procedure names, and a raise checked against an outside date. */
import { z } from 'zod';

const SHORT_ID = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'must be a short id (letters, digits, dashes)');

/**
 * What a clock counts from: the stage's start; the end of the previous stage; another clock of the stage met (when
 * it was recorded, the default, or when the act that met it happened: a discussion's date as the person gives it);
 * another clock passed without being met (its deadline); a date a person enters; the raise itself.
 */
export const ANCHOR = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('stageStart') }),
  z.strictObject({ kind: z.literal('previousStageEnd') }),
  z.strictObject({
    kind: z.literal('clockMet'),
    clock: z.string().min(1),
    at: z.enum(['recorded', 'happened']).optional(),
  }),
  z.strictObject({ kind: z.literal('clockPassed'), clock: z.string().min(1) }),
  z.strictObject({ kind: z.literal('userDate'), field: z.string().min(1), label: z.string().min(1) }),
  z.strictObject({ kind: z.literal('raise') }),
]);

/** A kind of discussion the procedure names ("meeting"), which a clock may require. */
export const DISCUSSION_KIND = z.strictObject({ id: SHORT_ID, label: z.string().min(1) });

/**
 * "Raise within N working days of <an outside date>": checked when the raise and the date are both known; a late
 * raise is recorded and shown, never alerted. `label` names the date where no clock asks for it.
 */
export const RAISE_WITHIN = z.strictObject({
  workingDays: z
    .number({ error: 'must be a number' })
    .int('must be a positive integer')
    .positive('must be a positive integer'),
  of: z.string().min(1),
  label: z.string().min(1).optional(),
  wording: z.string().default(''),
});

export type Anchor = z.infer<typeof ANCHOR>;
export type DiscussionKind = z.infer<typeof DISCUSSION_KIND>;
export type RaiseWithin = z.infer<typeof RAISE_WITHIN>;
