/** given/when/then for the pure state machine: commands in, events and state out. */
import { strict as assert } from 'node:assert';
import {
  decide,
  evolve,
  SYSTEM,
  type Case,
  type CaseEvent,
  type CaseState,
  type Command,
} from '../../src/domain/case';
import type { Directory } from '../../src/domain/directory';
import { DomainError, type ErrorCode } from '../../src/domain/errors';
import type { Procedure } from '../../src/domain/procedure/schema';

export class Journey {
  state: CaseState = { status: 'none' };
  log: { by: string; at: string; event: CaseEvent }[] = [];

  constructor(
    readonly procedure: Procedure,
    public directory: Directory,
  ) {}

  /** Run a command as `by` at `at`; returns the events it produced. */
  when(by: string, command: Command, at: string | Date): CaseEvent[] {
    const now = new Date(at);
    const decided = decide(this.state, command, {
      now,
      by,
      procedure: this.procedure,
      directory: this.directory,
    });
    for (const d of decided) {
      this.state = evolve(this.state, d);
      this.log.push(d);
    }
    return decided.map((d) => d.event);
  }

  system(command: Command, at: string | Date): CaseEvent[] {
    return this.when(SYSTEM, command, at);
  }

  /** Expect the command to be refused with `code`, and the state to stay as it was. */
  refused(by: string, command: Command, at: string | Date, code: ErrorCode): DomainError {
    const before = JSON.stringify(this.state);
    let caught: unknown;
    try {
      this.when(by, command, at);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof DomainError, `expected ${code}, got ${String(caught)}`);
    assert.equal(caught.code, code, caught.message);
    assert.equal(JSON.stringify(this.state), before, 'state changed on a refused command');
    return caught;
  }

  get case(): Case {
    assert.notEqual(this.state.status, 'none');
    return this.state as Case;
  }

  get stage(): string {
    return `${this.case.stage.stageId}${this.case.stage.level > 1 ? `#${this.case.stage.level}` : ''}`;
  }

  holders(): string[] {
    return this.case.stage.participants.map((p) => p.personId).sort();
  }

  clock(id: string) {
    const k = this.case.stage.clocks.find((c) => c.clockId === id);
    assert.ok(k, `no clock ${id} at ${this.stage}`);
    return k;
  }
}

export function raiseCommand(
  procedureId: string,
  overrides: Partial<Extract<Command, { type: 'raise' }>> = {},
): Command {
  return {
    type: 'raise',
    caseId: 'case-1',
    partnershipId: 'p1',
    procedureId,
    reference: 'CSC/2026/0042',
    theme: 'threshold',
    summary: 'Disagreement about whether the threshold for a strategy discussion is met.',
    otherProfessionalId: 'health-practitioner',
    imminentRisk: false,
    conflictWithOwnManager: false,
    supporterId: null,
    ...overrides,
  };
}

export const types = (events: CaseEvent[]) => events.map((e) => e.type);
