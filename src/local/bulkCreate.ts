/** Test and benchmark only: seed many cases quickly, in chunks through Cosmos's bulk API. */
import type { CaseDocument } from '../app/caseDocument';
import type { CaseRepository } from '../store/caseRepository';
import { mapStoreError } from '../store/errors';

export async function bulkCreate(cases: CaseRepository, docs: CaseDocument[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 100) {
    const chunk = docs.slice(i, i + 100);
    try {
      const results = await cases.container.items.bulk(
        chunk.map((d) => ({
          operationType: 'Create' as const,
          resourceBody: { ...d, _etag: undefined } as unknown as Record<string, never>,
          partitionKey: d.caseId,
        })),
      );
      const failed = results.filter((r) => r.statusCode >= 300);
      if (failed.length)
        throw new Error(
          `bulk create: ${failed.length} of ${chunk.length} failed (status ${failed[0]!.statusCode})`,
        );
    } catch (e) {
      throw mapStoreError(e, 'bulk create cases');
    }
  }
}
