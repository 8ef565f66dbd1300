/** What the Teams edge needs from the rest of the app, built once at start. */
import type { CaseDoc } from '../app/caseDocument';
import type { CaseService } from '../app/caseService';
import type { CaseLookup } from '../app/ports';
import type { ProcedureCatalog } from '../app/procedures';
import type { Case } from '../domain/case';
import type { Delegation, Directory } from '../domain/directory';
import type { Logger } from '../log';

export interface BotContext {
  partnershipId: string;
  banner: string; // '' in production
  cases: CaseLookup;
  service: CaseService;
  procedures: ProcedureCatalog;
  directory: (partnershipId: string) => Promise<Directory>;
  now: () => Date;
  log: Logger;
  /** Wake the dispatcher: messages a command implied should go out now, not at the next tick. */
  kick: () => void;
  /** Teams user ids (29:…) of the case's current participants, for the card's refresh.userIds. */
  refreshUserIds: (c: Case) => Promise<string[]>;
  newCaseId: () => string;
  /** Out-of-office delegations (saving one also refreshes the cached directory). */
  delegations: {
    save(partnershipId: string, d: Delegation): Promise<void>;
    remove(partnershipId: string, personId: string): Promise<void>;
  };
}

export type { CaseDoc };
