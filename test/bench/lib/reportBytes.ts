/** The printed tables of sections 1b (card action CPU, bot and store apart) and 5 (bytes written per action). */
import type { CaseBytesResult } from '../sections/caseBytes';
import type { CpuSplitResult } from '../sections/cpuSplit';
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

export function cpuSplitText(c: CpuSplitResult): string {
  const names = {
    bare: 'bare (point read)',
    bareReplace: 'bare (ETag replace)',
    escalate: 'Escalate',
  } as const;
  return (
    `\n1b. Card action CPU with the Cosmos-compatible server in its own process: ${c.users} users, ${c.rounds} alternating rounds per system\n` +
    textTable(
      ['system', 'bot process ms/action', 'store process ms/action', 'store share', 'p99 ms (store apart)'],
      (Object.keys(names) as (keyof typeof names)[]).map((k) => [
        names[k],
        c.systems[k].botMs,
        c.systems[k].storeMs,
        `${Math.round(c.systems[k].storeShare * 100)} %`,
        c.systems[k].p99Ms,
      ]),
    )
  );
}
