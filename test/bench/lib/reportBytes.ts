/** The printed table of section 5 (bytes written per action as a case grows). */
import type { CaseBytesResult } from '../sections/caseBytes';
import { textTable } from './table';

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

export function bytesTable(b: CaseBytesResult): string {
  return textTable(
    [
      'events in the case',
      'written per action',
      'writes/action',
      'deliveries recorded/action',
      'document (events in it, archives)',
      'no archives: written per action',
      'no archives: document',
    ],
    b.archived.map((a, i) => {
      const n = b.unarchived[i]!;
      return [
        a.events,
        kb(a.commandBytes),
        a.commandWrites,
        kb(a.deliveryBytes),
        `${kb(a.docBytes)} (${a.docEvents}, ${a.archives})`,
        kb(n.commandBytes),
        `${kb(n.docBytes)} (${n.docEvents})`,
      ];
    }),
  );
}

export function bytesHeading(b: CaseBytesResult): string {
  return (
    `\n5. Bytes written per action as a case grows: CaseService + embedded store, the next ${b.measuredActions} actions (imminent risk set / cleared)\n` +
    '   after 10, 100 and 500 events; the command writes the case document and any archive document; the dispatcher then records deliveries\n'
  );
}
