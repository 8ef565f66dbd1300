/** The case state machine: decide, evolve, clocks, effects, access rules and audit chain. */
export * from './types';
export { decide, type DecideContext } from './decide';
export { evolve, replay } from './evolve';
export { actionsOutstanding, dueItems, nextDueAt, openActions, type DueItem } from './clocks';
export { agreeingAgencies } from './resolution';
export { referralRules, referralTargets } from './bypass';
export { obligationsOutstanding } from './obligations';
export { effectsOf, type Effect, type NotifyReason, type AlertReason, type PersonEffect } from './effects';
export type { NoticeReason } from './notices';
export {
  capacitiesOf,
  isAllowed,
  mayRaise,
  mayReport,
  mayRun,
  PERMISSIONS,
  CAPACITIES,
  type Capacity,
  type Action,
} from './policy';
export {
  canonical,
  chain,
  verifyChain,
  toDecided,
  GENESIS,
  type ChainedEvent,
  type ChainCheck,
} from './audit';
export { MAX, MIN_EVIDENCE } from './inputs';
export { CASE_LIMITS, SIZE_ALERT_BYTES, storedBytes } from './limits';
export { alertOf } from './effects';
