/** Issue #18 on the command line: `procedure show` reads the procedure-level rules back in words. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run';
import { builtinProcedure } from '../../src/domain/procedure/builtin';

async function show(p: Record<string, any>): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'escalate-rules-'));
  const file = path.join(dir, 'procedure.json');
  writeFileSync(file, JSON.stringify(p));
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['procedure', 'show', file], {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
  });
  assert.equal(code, 0, err.join('\n'));
  return out.join('\n');
}

const bscp = () => structuredClone(builtinProcedure('bscp-escalation-procedure')!) as Record<string, any>;

describe('escalate procedure show: procedure-level rules (issue #18)', () => {
  it('says what happens when the overall limit passes', async () => {
    const p = bscp();
    p.rules.cap = { workingDays: 20, wording: 'Within 20 working days.' };
    assert.match(
      await show(p),
      /Overall limit: 20 working days; when it passes the business office is alerted\. /,
    );
    p.rules.cap.then = 'referToChair';
    assert.match(
      await show(p),
      /Overall limit: 20 working days; when it passes the business office is alerted and the case is referred to the Chair \(Stage 4\), unless already there or beyond/,
    );
    p.rules.cap.then = { goToStage: 'stage-3' };
    assert.match(await show(p), /the case is moved on to Stage 3, unless already there or beyond/);
  });

  it('says who may refer a case, to which stages, and from where', async () => {
    const p = bscp();
    assert.match(
      await show(p),
      /Referral to Stage 4 \(forward only\) by each agency’s named manager for escalation, Heads of Service, Directors, the business office, standing at the case’s current stage \(the business office from anywhere\): “If the issue/,
    );
    p.rules.bypass = [
      { by: ['director'], to: ['stage-3', 'stage-4'], wording: 'At any point.', standing: 'anywhere' },
    ];
    assert.match(
      await show(p),
      /Referral to Stage 3 or Stage 4 \(forward only\) by Directors, wherever they stand: “At any point\.”/,
    );
  });

  it('says whether a disagreement inside one agency is handled', async () => {
    const p = bscp();
    assert.match(await show(p), /Disagreements within one agency: not handled/);
    p.rules.sameAgency = 'allowed';
    assert.match(
      await show(p),
      /Disagreements within one agency: allowed \(each side keeps its own line of management\)/,
    );
  });

  it('reads back the obligations after resolution', async () => {
    const p = bscp();
    p.rules.afterResolution = [
      {
        id: 'confirm',
        text: 'Confirm the outcome in writing',
        owner: 'eachSide',
        within: { workingDays: 2 },
      },
    ];
    assert.match(
      await show(p),
      /After resolution: Confirm the outcome in writing, within 2 working days of the resolution, by whoever stands for each side \(the case is “resolved — obligations outstanding” until done\)/,
    );
  });
});
