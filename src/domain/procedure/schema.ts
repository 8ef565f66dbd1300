/** Procedure definitions are data: this schema validates a partnership's published procedure. */
import { z } from 'zod';
import { ANCHOR, DISCUSSION_KIND, RAISE_WITHIN } from './anchors';
import { PROCEDURE_ROLE, STAGE_INVOLVEMENT } from './involvement';

export const NATION = z.enum(['england-and-wales', 'scotland', 'northern-ireland']);

/** Who is involved at a stage. Resolved against the directory when the stage is entered. */
export const PARTICIPANT = z.enum([
  'professionals', // the people who disagree (and a supporter, if any)
  'lineManagers', // each professional's own line manager
  'nextManagerUp', // the next manager up each agency's line (repeatable, see Stage.climb)
  'escalationManager', // the agency's named escalation manager
  'headOfService',
  'director', // Director / Chief Executive
  'businessOffice', // the partnership's business office
  'strategicLead',
  'independentChair',
]);

/** What meets a clock. */
export const REQUIREMENT = z.enum([
  'acknowledgement',
  'discussion',
  'plan',
  'outcome',
  'mediationOffered',
  'decision', // the Chair's final binding decision or an agreed course of action to reach it
  'finalDecision', // only the final binding decision
]);

export const DISCUSSION_METHOD = z.enum(['telephone', 'face-to-face', 'online-meeting', 'email']);

const positiveInt = z
  .number({ error: 'must be a number' })
  .int('must be a positive integer')
  .positive('must be a positive integer');

const SHORT_ID = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'must be a short id (letters, digits, dashes)');

/** A time limit a participant sets for one case ("a timescale that protects the child from harm"). */
export interface CaseLimitField {
  field: string;
  label: string;
  min: number;
  max: number;
  unit: 'workingDays' | 'hours';
}
export const CASE_LIMIT_FIELD = z
  .strictObject({
    field: SHORT_ID,
    label: z.string().min(1),
    min: positiveInt,
    max: positiveInt,
    unit: z.enum(['workingDays', 'hours']),
  })
  .refine((f) => f.min <= f.max, { message: 'min must not be more than max', path: ['min'] });

/**
 * A time limit. Exactly one of: working days; elapsed hours; "immediately" (shown as such, with a short limit in
 * hours behind it); the end of the same (0) or the Nth working day, at the procedure's `workingDayEnds`; a value
 * set for the case (only inside `lesserOf`, where the other limit applies alone until it is set); the lesser of two.
 */
export interface Limit {
  workingDays?: number;
  hours?: number;
  immediately?: { hours: number };
  endOfWorkingDay?: number;
  setForCase?: CaseLimitField;
  lesserOf?: Limit[];
}
const LIMIT_KINDS = [
  'workingDays',
  'hours',
  'lesserOf',
  'immediately',
  'endOfWorkingDay',
  'setForCase',
] as const;
export const LIMIT: z.ZodType<Limit> = z.lazy(() =>
  z
    .strictObject({
      workingDays: positiveInt.optional(),
      hours: positiveInt.optional(),
      immediately: z
        .strictObject(
          {
            hours: z
              .number({
                error: (i) =>
                  i.input === undefined
                    ? 'give the short limit behind "immediately" in hours, e.g. { "hours": 1 }'
                    : 'must be a number',
              })
              .int('must be a positive integer')
              .positive('must be a positive integer'),
          },
          { error: 'must be { "hours": N }: the short limit behind "immediately"' },
        )
        .optional(),
      endOfWorkingDay: z
        .number({ error: 'must be a number' })
        .int('must be 0 (the same working day) or a positive whole number')
        .nonnegative('must be 0 (the same working day) or a positive whole number')
        .optional(),
      setForCase: CASE_LIMIT_FIELD.optional(),
      lesserOf: z.array(LIMIT).length(2, 'must list exactly two limits').optional(),
    })
    .refine((l) => LIMIT_KINDS.filter((k) => l[k] !== undefined).length === 1, {
      message: `must give exactly one of ${LIMIT_KINDS.join(', ')}`,
    }),
);

export { ANCHOR };

const REMIND_BEFORE = z
  .strictObject({ workingDays: positiveInt.optional(), hours: positiveInt.optional() })
  .nullable()
  .default(null);

export const CLOCK = z.strictObject({
  id: SHORT_ID,
  label: z.string().min(1),
  requirement: REQUIREMENT,
  /** For a discussion clock: the kind of discussion that meets it (one of the procedure's discussionKinds). */
  discussionKind: z.string().min(1).optional(),
  anchor: ANCHOR,
  limit: LIMIT,
  /** The procedure's own words for this timescale, shown on the card. */
  wording: z.string().min(1),
  /** True when the source gives no number: the limit is the partnership's configurable default. */
  isDefault: z.boolean().default(false),
  onPass: z.enum(['escalate', 'alert', 'remind']),
  /** Send a reminder this long before the deadline (null: none). */
  remindBefore: REMIND_BEFORE,
});

export const RECORDS = z.strictObject({
  discussion: z.boolean(),
  /** Methods that count as the discussion the stage requires. */
  methods: z.array(DISCUSSION_METHOD).min(1),
  /** Methods that may be recorded but do not count (e.g. e-mail), with the reason shown on the card. */
  recordOnly: z.array(z.strictObject({ method: DISCUSSION_METHOD, reason: z.string().min(1) })).default([]),
  plan: z.boolean(),
  actions: z.boolean(),
  evidenceToEscalate: z.boolean(),
  learningPoints: z.boolean(),
  bindingDecision: z.boolean(),
  mediation: z.boolean(),
  /** Where the procedure names a form or system for the record (e.g. "Appendix A"). */
  formalRecord: z.string().optional(),
});

export const APPROVER = z.enum(['requesterLineManager', 'businessOffice', 'independentChair']);

export const STAGE = z.strictObject({
  id: z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'must be a short id (letters, digits, dashes)'),
  label: z.string().min(1), // "Stage 1", "Pre-escalation"
  name: z.string().min(1),
  /** Who is involved, by capacity; may be left out where `involvement` says it per side (involvementChecks.ts). */
  involves: z.array(PARTICIPANT).min(1, 'must name who is involved').optional(),
  ...STAGE_INVOLVEMENT, // optional: who is involved per side, who is only told (involvement.ts)
  expected: z.string().min(1), // what must happen, in the procedure's words
  clocks: z.array(CLOCK),
  records: RECORDS,
  /**
   * Who approves an escalation and a resolution from this stage (null: no approval step). The old form, one
   * value or null, means the same for both.
   */
  approval: z
    .union([
      APPROVER.nullable(),
      z.strictObject({ escalate: APPROVER.nullable(), resolve: APPROVER.nullable() }),
    ])
    .transform((a) => (a !== null && typeof a === 'object' ? a : { escalate: a, resolve: a })),
  notifyBusinessOffice: z.boolean(),
  /** Climb the management line level by level, each level a fresh set of clocks, until this role. */
  climb: z
    .strictObject({ upTo: z.enum(['seniorManager', 'headOfService', 'director']), inclusive: z.boolean() })
    .optional(),
  next: z.string().nullable(),
  source: z.string().min(1), // the seed text this stage reproduces
});

/** An urgent timescale that replaces a clock's normal one while a child is at imminent risk of harm. */
export const URGENT_LIMIT = z.strictObject({
  limit: LIMIT,
  remindBefore: REMIND_BEFORE,
  /** True when the source gives no number: the partnership's default. */
  isDefault: z.boolean().default(false),
});

export const IMMINENT_RISK = z.strictObject({
  startAt: z.string(),
  wording: z.string(),
  /** Urgent timescales by stage id, then clock id; clocks not listed keep their normal timescale. */
  urgent: z.record(z.string(), z.record(z.string(), URGENT_LIMIT)).default({}),
  /** Shown on the card beside an urgent timescale. */
  urgentWording: z.string().default(''),
});

/** How agreed actions are followed up: a reminder to the owner before, and what happens when overdue. */
export const ACTIONS_RULE = z.strictObject({
  remindBefore: REMIND_BEFORE,
  onOverdue: z.enum(['remind', 'alert', 'escalate']),
  wording: z.string().default(''),
  isDefault: z.boolean().default(false),
});

/**
 * A referral past the stages in between, by the roles in `by`, to the stage or stages listed (forward only). By
 * default the person must stand at the current stage in that role; `"standing": "anywhere"` lets whoever holds the
 * role for one of the case's agencies (or the partnership) refer it wherever they stand.
 */
export const BYPASS = z.strictObject({
  by: z.array(PARTICIPANT).min(1),
  to: z.union([z.string(), z.array(z.string()).min(1, 'must list at least one stage')]),
  wording: z.string(),
  standing: z.enum(['atStage', 'anywhere']).default('atStage'),
});

/**
 * What happens when the overall cap passes: the business office is alerted (always), and the case may move on to a
 * named stage, or to the Chair (the first stage the Independent Chair is involved at). Only ever forward.
 */
export const CAP_THEN = z.union(
  [z.enum(['alert', 'referToChair']), z.strictObject({ goToStage: z.string().min(1) })],
  { error: 'must be "alert", "referToChair" or { "goToStage": "<stage id>" }' },
);

/**
 * A task due after the case is resolved ("confirm the outcome in writing within 2 working days"): an agreed action
 * for the raiser, or for whoever stands for each side at resolution, due `within` of the resolution. Until every one
 * is done the case reads "resolved — obligations outstanding"; reminders and overdue follow `actions`.
 */
export const OBLIGATION = z.strictObject({
  id: SHORT_ID,
  text: z.string().min(1),
  owner: z.enum(['raiser', 'eachSide']),
  within: LIMIT,
  wording: z.string().default(''),
});

export const RULES = z.strictObject({
  imminentRisk: IMMINENT_RISK.nullable(),
  actions: ACTIONS_RULE.default({
    remindBefore: { workingDays: 1 },
    onOverdue: 'alert',
    wording: 'The owner is reminded one working day before; the business office is told when overdue.',
    isDefault: true,
  }),
  bypass: z.array(BYPASS).default([]),
  cap: z
    .strictObject({ workingDays: positiveInt, wording: z.string(), then: CAP_THEN.default('alert') })
    .nullable()
    .default(null),
  conflictWithOwnManager: z.enum(['nextManagerInLine']).nullable(),
  /** Whether a professional may raise a disagreement with someone of their own agency (refused: as before). */
  sameAgency: z.enum(['allowed', 'refused']).default('refused'),
  afterResolution: z.array(OBLIGATION).default([]),
  raiseWithin: RAISE_WITHIN.nullable().default(null),
  evidenceBeforeEscalating: z.boolean(),
  supporterAllowed: z.boolean(),
  preamble: z.string().default(''),
});

export const PROCEDURE = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  version: positiveInt,
  title: z.string().min(1),
  publisher: z.string().min(1),
  nation: NATION,
  /** When the partnership's working day ends, London time (for "by the end of the working day"); 17:00 if absent. */
  workingDayEnds: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM (24-hour clock), e.g. 17:00')
    .refine((t) => t !== '00:00', 'must be later than 00:00')
    .optional(),
  /** Kinds of discussion people choose from when recording one (none: the form asks for no kind). */
  discussionKinds: z.array(DISCUSSION_KIND).default([]),
  roles: z.array(PROCEDURE_ROLE).default([]), // roles beyond the built-in ones that stages name
  firstStage: z.string(),
  stages: z.array(STAGE).min(1),
  rules: RULES,
});

export type Procedure = z.infer<typeof PROCEDURE>;
export type ProcedureInput = z.input<typeof PROCEDURE>;
export type Stage = z.infer<typeof STAGE>;
export type Clock = z.infer<typeof CLOCK>;
export type Anchor = z.infer<typeof ANCHOR>;
export type Participant = z.infer<typeof PARTICIPANT>;
export type Requirement = z.infer<typeof REQUIREMENT>;
export type Approver = z.infer<typeof APPROVER>;
export type UrgentLimit = z.infer<typeof URGENT_LIMIT>;
export type ActionsRule = z.infer<typeof ACTIONS_RULE>;
export type CapThen = z.infer<typeof CAP_THEN>;
export type Bypass = z.infer<typeof BYPASS>;
export type Obligation = z.infer<typeof OBLIGATION>;
export type DiscussionMethod = z.infer<typeof DISCUSSION_METHOD>;
