/** A procedure in words, for `escalate procedure show`. */
import type { Limit, Procedure } from '../domain/procedure/schema';

function limitText(l: Limit): string {
  if (l.workingDays !== undefined) return `${l.workingDays} working day${l.workingDays === 1 ? '' : 's'}`;
  if (l.hours !== undefined) return `${l.hours} hours`;
  return `the lesser of ${(l.lesserOf ?? []).map(limitText).join(' and ')}`;
}

const ANCHORS: Record<string, string> = {
  stageStart: 'the start of the stage',
  previousStageEnd: 'the end of the previous stage',
};

export function describeProcedure(p: Procedure): string[] {
  const lines = [`${p.title} (${p.id} v${p.version}, ${p.publisher}; calendar: ${p.nation})`];
  if (p.rules.preamble) lines.push('', p.rules.preamble);
  for (const s of p.stages) {
    lines.push(
      '',
      `${s.label} — ${s.name}`,
      `  Involves: ${s.involves.join(', ')}${s.climb ? ` (level by level up to ${s.climb.upTo}${s.climb.inclusive ? '' : ', exclusive'})` : ''}`,
    );
    lines.push(`  Expected: ${s.expected}`);
    for (const k of s.clocks) {
      const anchor =
        k.anchor.kind === 'clockMet'
          ? `"${k.anchor.clock}" being met`
          : k.anchor.kind === 'userDate'
            ? k.anchor.label
            : ANCHORS[k.anchor.kind];
      lines.push(
        `  Clock "${k.label}": ${limitText(k.limit)} from ${anchor}${k.isDefault ? ' (default: the source gives no number)' : ''}; when passed: ${k.onPass}`,
      );
      lines.push(`    “${k.wording}”`);
    }
    const r = s.records;
    const recorded = [
      r.discussion && `discussion (${r.methods.join(', ')})`,
      r.plan && 'plan',
      r.actions && 'agreed actions',
      r.evidenceToEscalate && p.rules.evidenceBeforeEscalating && 'evidence before escalating',
      r.learningPoints && 'learning points',
      r.mediation && 'mediation',
      r.bindingDecision && 'binding decision',
    ].filter(Boolean);
    lines.push(`  Records: ${recorded.join(', ')}${r.formalRecord ? `; formally: ${r.formalRecord}` : ''}`);
    for (const ro of r.recordOnly)
      lines.push(`  ${ro.method} may be recorded but does not count: ${ro.reason}`);
    lines.push(
      `  Approval: escalate ${s.approval.escalate ?? 'none'}, resolve ${s.approval.resolve ?? 'none'}; business office notified on entry: ${s.notifyBusinessOffice ? 'yes' : 'no'}; next: ${s.next ?? '(end)'}`,
    );
  }
  const r = p.rules;
  lines.push('', 'Rules:');
  if (r.imminentRisk)
    lines.push(`  Imminent risk: start at ${r.imminentRisk.startAt}. “${r.imminentRisk.wording}”`);
  for (const b of r.bypass) lines.push(`  Referral to ${b.to} by ${b.by.join(', ')}: “${b.wording}”`);
  if (r.conflictWithOwnManager)
    lines.push('  Conflict with your own line manager: referred to the next manager in line');
  if (r.cap) lines.push(`  Overall limit: ${r.cap.workingDays} working days. “${r.cap.wording}”`);
  lines.push(
    `  Evidence before escalating: ${r.evidenceBeforeEscalating ? 'required' : 'not required'}; supporter: ${r.supporterAllowed ? 'allowed' : 'no'}`,
  );
  return lines;
}
