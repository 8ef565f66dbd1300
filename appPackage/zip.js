// Builds the Teams app package: manifest.json (placeholders filled), color.png, outline.png → appPackage/build/escalate.zip.
// Usage: BOT_ID=<app registration GUID> BOT_DOMAIN=<bot host name> node appPackage/zip.js [output.zip]
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fail(message) {
  process.stderr.write(`appPackage: ${message}\n`);
  process.exit(1);
}

/** A ZIP archive (deflate) from [name, Buffer] entries: local headers, data, central directory. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const packed = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function main() {
  const botId = process.env.BOT_ID ?? '';
  const domain = process.env.BOT_DOMAIN ?? '';
  if (!GUID.test(botId)) fail('set BOT_ID to your Azure Bot app registration id (a GUID)');
  if (!/^[a-z0-9.-]+$/i.test(domain))
    fail('set BOT_DOMAIN to the host name the bot is served from, e.g. escalate.example.org');
  const dir = __dirname;
  const manifest = fs
    .readFileSync(path.join(dir, 'manifest.json'), 'utf8')
    .replaceAll('${{BOT_ID}}', botId)
    .replaceAll('${{BOT_DOMAIN}}', domain);
  const out = path.resolve(process.argv[2] ?? path.join(dir, 'build', 'escalate.zip'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    zip([
      ['manifest.json', Buffer.from(manifest)],
      ['color.png', fs.readFileSync(path.join(dir, 'color.png'))],
      ['outline.png', fs.readFileSync(path.join(dir, 'outline.png'))],
    ]),
  );
  process.stdout.write(`wrote ${out}\n`);
}

main();
