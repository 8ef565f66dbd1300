#!/usr/bin/env node
/** `escalate` command line: procedures, deadlines and timelines (more verbs join as the product grows). */
import { runCli } from './run';

// a reader that stops early (`escalate timeline … | head`) is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    process.stderr.write(`escalate: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
