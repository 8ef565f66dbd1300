/** Out of office: check a request against the rules (domain/away.ts) and save it, or say what is wrong. */
import { assertMayDelegate, awayProblems } from '../domain/away';
import { londonDate } from '../domain/calendar';
import type { Delegation, Directory } from '../domain/directory';

export interface AwayDeps {
  partnershipId: string;
  directory(partnershipId: string): Promise<Directory>;
  /** Saving or removing one also refreshes the cached directory. */
  delegations: {
    save(partnershipId: string, d: Delegation): Promise<void>;
    remove(partnershipId: string, personId: string): Promise<void>;
  };
  now(): Date;
}

export type SetAwayResult =
  { ok: true; delegation: Delegation; directory: Directory } | { ok: false; errors: Record<string, string> };

/** Saves `d` when its author may delegate and it passes every check; throws NOT_ALLOWED for someone who may not. */
export async function setAway(deps: AwayDeps, d: Delegation): Promise<SetAwayResult> {
  const directory = await deps.directory(deps.partnershipId);
  assertMayDelegate(directory, d.personId);
  const errors = awayProblems(directory, d, londonDate(deps.now()));
  if (Object.keys(errors).length) return { ok: false, errors };
  await deps.delegations.save(deps.partnershipId, d);
  return { ok: true, delegation: d, directory };
}

/** Ends `personId`'s out-of-office; false when they had none. */
export async function clearAway(deps: AwayDeps, personId: string): Promise<boolean> {
  const directory = await deps.directory(deps.partnershipId);
  const had = !!directory.delegations?.some((d) => d.personId === personId);
  if (had) await deps.delegations.remove(deps.partnershipId, personId);
  return had;
}
