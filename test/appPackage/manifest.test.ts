/** The Teams app package: manifest valid offline against a bundled schema, icons right, zip complete. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ManifestUtil } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';

const DIR = path.resolve('appPackage');
const BOT_ID = '11111111-2222-4333-8444-555555555555';

function manifest(): Record<string, any> {
  const text = readFileSync(path.join(DIR, 'manifest.json'), 'utf8')
    .replaceAll('${{BOT_ID}}', BOT_ID)
    .replaceAll('${{BOT_DOMAIN}}', 'escalate.example.org');
  return JSON.parse(text) as Record<string, any>;
}

/** Files in a ZIP, read from its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = buf.readUInt32LE(end + 16);
  for (let i = 0; i < buf.readUInt16LE(end + 10); i++) {
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    files.set(name, inflateRawSync(buf.subarray(dataAt, dataAt + size)));
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return files;
}

describe('Teams app package', () => {
  it('validates offline against the bundled v1.30 schema (the latest the Agents Toolkit CLI knows)', async () => {
    const m = manifest();
    assert.equal(m.manifestVersion, '1.30');
    assert.equal(
      m.$schema,
      'https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/MicrosoftTeams.schema.json',
    );
    const schema = JSON.parse(
      readFileSync(
        require.resolve('@microsoft/app-manifest/build/json-schemas/teams/v1.30/MicrosoftTeams.schema.json'),
        'utf8',
      ),
    );
    const errors = await ManifestUtil.validateManifestAgainstSchema(m as never, schema);
    assert.deepEqual(errors, []);
    const broken: Record<string, any> = { ...m, bots: [{ ...m.bots[0], scopes: ['everywhere'] }] };
    delete broken.name;
    assert.ok(
      (await ManifestUtil.validateManifestAgainstSchema(broken as never, schema)).length >= 2,
      'the validator does catch problems',
    );
  });

  it('lists raise, my cases, report and help in every scope', () => {
    const lists = manifest().bots[0].commandLists as { scopes: string[]; commands: { title: string }[] }[];
    for (const scope of ['personal', 'team', 'groupChat']) {
      const list = lists.find((l) => l.scopes.includes(scope));
      assert.deepEqual(
        list?.commands.map((c) => c.title),
        ['raise', 'my cases', 'report', 'help'],
        scope,
      );
    }
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = PNG.sync.read(readFileSync(path.join(DIR, 'color.png')));
    const outline = PNG.sync.read(readFileSync(path.join(DIR, 'outline.png')));
    assert.deepEqual([color.width, color.height], [192, 192]);
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    let white = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3]];
      assert.ok(a === 0 || (r === 255 && g === 255 && b === 255), 'outline pixels are white or transparent');
      if (a) white++;
    }
    assert.ok(white > 50, 'the outline shows something');
  });

  it('zips the package with the bot id filled in, and refuses a missing id', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'escalate-zip-')), 'escalate.zip');
    execFileSync(process.execPath, [path.join(DIR, 'zip.js'), out], {
      env: { ...process.env, BOT_ID, BOT_DOMAIN: 'escalate.example.org' },
    });
    const files = unzip(readFileSync(out));
    assert.deepEqual([...files.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
    const m = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Record<string, any>;
    assert.equal(m.id, BOT_ID);
    assert.equal(m.bots[0].botId, BOT_ID);
    assert.throws(
      () =>
        execFileSync(process.execPath, [path.join(DIR, 'zip.js'), out], {
          env: { ...process.env, BOT_ID: 'nope' },
          stdio: 'pipe',
        }),
      /GUID/,
    );
  });
});
