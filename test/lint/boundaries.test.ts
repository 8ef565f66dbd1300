/**
 * The architecture's import rules (.dependency-cruiser.cjs) hold for src/, and they do fail: the fixture under
 * test/lint/fixture/ breaks each kind once (a domain module importing the store, an app module three folders
 * deep importing the bot, Graph code importing the bot, a type-only cycle), and the same configuration must report exactly those.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function cruise(target: string): Promise<Violation[]> {
  // depcruise exits non-zero when it finds violations; the JSON report is on stdout either way
  const out = await run(BIN, [target, '--output-type', 'json'], { cwd: ROOT, maxBuffer: 64 << 20 }).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
  );
  const report = JSON.parse(out.stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

describe('import boundaries (dependency-cruiser)', function () {
  this.timeout(120_000);

  it('the fixture breaks each rule once, and each break is reported (a cycle once, from where it is found)', async () => {
    const found = (await cruise('test/lint/fixture/src')).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    const F = 'test/lint/fixture/src';
    assert.deepEqual(found.sort(), [
      `app-owns-its-ports: ${F}/app/deep/deeper/service.ts → ${F}/bot/edge.ts`,
      `domain-is-pure: ${F}/domain/wrong.ts → ${F}/store/repository.ts`,
      `graph-is-an-adapter: ${F}/graph/wrong.ts → ${F}/bot/edge.ts`,
      `no-cycles: ${F}/app/deep/deeper/other.ts → ${F}/app/deep/deeper/service.ts`,
    ]);
  });
});
