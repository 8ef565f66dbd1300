/** The demo directory plus pairs of practitioners, so every simulated user can have cases of their own. */
import { demoDirectory } from '../../../src/app/directoryFile';
import type { Directory, Person } from '../../../src/domain/directory';
import { DEMO } from '../../support/demoPeople';

export interface BenchUser {
  /** The raiser, who records discussions on their cases (their Entra object id). */
  id: string;
  /** The other professional the cases are raised with (another agency). */
  otherId: string;
}

const pad = (n: number) => String(n).padStart(12, '0');

/** `count` CSC practitioners, each paired with a Community Health practitioner. */
export function benchUsers(count: number): BenchUser[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-9000-${pad(i + 1)}`,
    otherId: `00000000-0000-4000-a000-${pad(i + 1)}`,
  }));
}

export function benchDirectory(users: readonly BenchUser[]): Directory {
  const dir = demoDirectory();
  const extra: Person[] = users.flatMap((u, i) => [
    {
      id: u.id,
      name: `Bench Social Worker ${i + 1}`,
      agencyId: 'csc',
      role: 'practitioner',
      lineManagerId: DEMO.cscManager,
    },
    {
      id: u.otherId,
      name: `Bench Health Visitor ${i + 1}`,
      agencyId: 'health',
      role: 'practitioner',
      lineManagerId: DEMO.healthManager,
    },
  ]);
  return { ...dir, people: [...dir.people, ...extra] };
}
