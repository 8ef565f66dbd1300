/** A small partnership directory for domain tests: two agencies, full management lines. */
import type { Directory, Person } from '../../src/domain/directory';

const line = (agency: string, names: string[]): Person[] => {
  const roles = ['practitioner', 'manager', 'seniorManager', 'headOfService', 'director'] as const;
  return roles.map((role, i) => ({
    id: `${agency}-${role}`,
    name: names[i]!,
    agencyId: agency,
    role,
    ...(i < roles.length - 1 ? { lineManagerId: `${agency}-${roles[i + 1]}` } : {}),
  }));
};

export function testDirectory(): Directory {
  return {
    partnership: {
      id: 'p1',
      name: 'Test Partnership',
      nation: 'england-and-wales',
      businessOfficeIds: ['bo-1', 'bo-2'],
      strategicLeadIds: ['lead-1'],
      chairId: 'chair-1',
    },
    agencies: [
      {
        id: 'csc',
        name: 'Children’s Social Care',
        escalationManagerId: 'csc-headOfService',
        headOfServiceId: 'csc-headOfService',
        directorId: 'csc-director',
      },
      {
        id: 'health',
        name: 'Community Health',
        escalationManagerId: 'health-headOfService',
        headOfServiceId: 'health-headOfService',
        directorId: 'health-director',
      },
      { id: 'partnership', name: 'Partnership' },
    ],
    people: [
      ...line('csc', ['Ava Social', 'Ben Manager', 'Cara Senior', 'Dev Head', 'Eve Director']),
      ...line('health', ['Fay Nurse', 'Gus Manager', 'Hal Senior', 'Ivy Head', 'Jo Director']),
      {
        id: 'csc-supporter',
        name: 'Kim Support',
        agencyId: 'csc',
        role: 'practitioner',
        lineManagerId: 'csc-manager',
      },
      { id: 'bo-1', name: 'Lee Office', agencyId: 'partnership', role: 'manager' },
      { id: 'bo-2', name: 'Max Office', agencyId: 'partnership', role: 'manager' },
      { id: 'lead-1', name: 'Nia Lead', agencyId: 'partnership', role: 'director' },
      { id: 'chair-1', name: 'Olu Chair', agencyId: 'partnership', role: 'director' },
    ],
  };
}

/** The same directory with one person's line manager removed. */
export function withoutLineManager(dir: Directory, personId: string): Directory {
  return {
    ...dir,
    people: dir.people.map((p) => (p.id === personId ? { ...p, lineManagerId: undefined } : p)),
  };
}

/** The test directory with a second practitioner in Children's Social Care, with a manager of their own under the same senior manager. */
export function withCscColleague(): Directory {
  const dir = testDirectory();
  dir.people.push(
    {
      id: 'csc-manager-2',
      name: 'Bo Manager',
      agencyId: 'csc',
      role: 'manager',
      lineManagerId: 'csc-seniorManager',
    },
    {
      id: 'csc-practitioner-2',
      name: 'Al Social',
      agencyId: 'csc',
      role: 'practitioner',
      lineManagerId: 'csc-manager-2',
    },
  );
  return dir;
}
