/**
 * The second baseline (issue #20): what the bare bot's invoke does instead of its point read — one ETag-guarded
 * replace of a document the size of a typical case. Each case gets a copy (`bare-copy-<caseId>`, in the case's own
 * partition: a real case document's fields, its events repeated until it is as large as Escalate's average case
 * write in the last round), made before the rounds; an invoke then replaces it with IfMatch on the ETag of its last
 * write, as Escalate does starting from the copy of the case it just wrote. The copies carry none of the fields the
 * case queries filter on, so the app never sees them.
 */
import type { Container } from '@azure/cosmos';

interface Copy {
  body: Record<string, unknown>;
  etag: string;
}

export class ReplaceBaseline {
  private readonly copies = new Map<string, Copy>();
  /** Bytes a written copy should have: the typical case document (set from measurements between rounds). */
  typicalBytes = 12_000;

  constructor(private readonly container: Container) {}

  private padded(doc: Record<string, unknown>, n: number): Record<string, unknown> {
    const { _rid, _self, _ts, _attachments, _etag, partnershipId, nextDueAt, hasPendingOutbox, ...rest } =
      doc;
    void [_rid, _self, _ts, _attachments, _etag, partnershipId, nextDueAt, hasPendingOutbox];
    const events = Array.isArray(rest.events) ? (rest.events as unknown[]) : [];
    const body: Record<string, unknown> = { ...rest, id: `bare-copy-${String(doc.caseId)}`, n, events: [] };
    for (let i = 0; JSON.stringify(body).length < this.typicalBytes && events.length; i++)
      (body.events as unknown[]).push(events[i % events.length]);
    return body;
  }

  /** Make the copy of each case (a read and an upsert each), before anything is timed. */
  async prepare(caseIds: string[]): Promise<void> {
    for (const caseId of caseIds) {
      const { resource } = await this.container.item(caseId, caseId).read<Record<string, unknown>>();
      if (!resource) throw new Error(`no case ${caseId} to copy`);
      const body = this.padded(resource, 0);
      const written = await this.container.items.upsert(body);
      this.copies.set(caseId, { body, etag: written.etag });
    }
  }

  /** One ETag-guarded replace of the case's copy, grown or shrunk to the typical size first. */
  async replace(caseId: string): Promise<void> {
    const copy = this.copies.get(caseId);
    if (!copy) throw new Error(`no copy of ${caseId}`);
    const n = Number(copy.body.n) + 1;
    if (Math.abs(JSON.stringify(copy.body).length - this.typicalBytes) > 2_000)
      copy.body = this.padded(copy.body, n);
    const body: Record<string, unknown> = { ...copy.body, n };
    const r = await this.container
      .item(String(body.id), caseId)
      .replace(body, { accessCondition: { type: 'IfMatch', condition: copy.etag } });
    this.copies.set(caseId, { body, etag: r.etag });
  }
}
