/** Opens the store the tests run against: the embedded server, or a real account when COSMOS_ENDPOINT is set. */
import { randomUUID } from 'node:crypto';
import { openInterceptableStore, type InterceptableStore } from '../../src/local/storeInterceptor';
import { openStore } from '../../src/store/cosmos';
import type { CaseDocument } from '../../src/app/caseDocument';

export const REAL_ACCOUNT = Boolean(process.env.COSMOS_ENDPOINT);

export async function testStore(): Promise<InterceptableStore> {
  if (REAL_ACCOUNT) {
    return openStore({
      endpoint: process.env.COSMOS_ENDPOINT,
      key: process.env.COSMOS_KEY,
      databaseId: `escalate-test-${randomUUID().slice(0, 8)}`,
    });
  }
  return openInterceptableStore({});
}

export function caseDoc(caseId: string, overrides: Partial<CaseDocument> = {}): CaseDocument {
  return {
    id: caseId,
    caseId,
    partnershipId: 'p1',
    reference: `REF-${caseId}`,
    status: 'open',
    openedAt: '2026-12-01T10:00:00.000Z',
    closedAt: null,
    participants: ['a', 'b'],
    nextDueAt: null,
    hasPendingOutbox: false,
    version: 1,
    state: {},
    events: [],
    outbox: [],
    processedKeys: [],
    ...overrides,
  };
}
