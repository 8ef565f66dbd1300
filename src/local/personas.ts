/** The demo's windows: one Agents Playground for everyone the demo journeys reach, so every message is delivered. */
import type { Persona, RunningPlayground } from './playground';

const D = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * The first five are the walkthrough's people. The rest are those the built-in procedures reach from a case Priya
 * raises with Jamie: approvers and the next levels of each management line (seed 000 stages 2–4, seed 002 stages
 * 1–3), the second business office member and the Strategic Lead (seed 000 stage 5), the Independent Chair (seed 002
 * stage 4).
 */
export const DEMO_PERSONAS: readonly Persona[] = [
  { key: 'practitioner', personId: D(5), port: 56150, role: 'social worker, Children’s Social Care' },
  { key: 'other-practitioner', personId: D(10), port: 56151, role: 'health visitor, Community Health' },
  { key: 'manager', personId: D(4), port: 56152, role: 'Priya’s line manager' },
  { key: 'other-manager', personId: D(9), port: 56153, role: 'Jamie’s line manager' },
  { key: 'business-office', personId: D(17), port: 56154, role: 'partnership business office' },
  { key: 'senior-manager', personId: D(3), port: 56155, role: 'senior manager, Children’s Social Care' },
  { key: 'other-senior-manager', personId: D(8), port: 56156, role: 'senior manager, Community Health' },
  {
    key: 'head-of-service',
    personId: D(2),
    port: 56157,
    role: 'Head of Service and named escalation manager, Children’s Social Care',
  },
  {
    key: 'other-head-of-service',
    personId: D(7),
    port: 56158,
    role: 'Head of Service and named escalation manager, Community Health',
  },
  { key: 'director', personId: D(1), port: 56159, role: 'Director, Children’s Social Care' },
  { key: 'other-director', personId: D(6), port: 56160, role: 'Director, Community Health' },
  { key: 'business-office-2', personId: D(18), port: 56161, role: 'partnership business office' },
  { key: 'strategic-lead', personId: D(19), port: 56162, role: 'Strategic Lead' },
  { key: 'chair', personId: D(20), port: 56163, role: 'Independent Chair' },
];

/** The start-up message: where to begin, then every other window, one a line. */
export function personaLines(running: readonly RunningPlayground[]): string[] {
  const [first, ...rest] = running;
  if (!first) return [];
  return [
    `Escalate is running (local demo, data in memory only). Open ${first.url} — you are ${first.person.name} (${first.persona.role}); type "raise".`,
    'Switch person by opening another window:',
    ...rest.map((p) => `  ${p.url}  ${p.person.name} (${p.persona.role})`),
  ];
}
