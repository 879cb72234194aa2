#!/usr/bin/env node
/** The `lessoncast` executable: the package's `bin` (compiled to dist/bin.js); bin/lessoncast.mjs runs it from src through tsx. */

// `lessoncast inspect x | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // The commonest call of all answers before the command line parser loads (start-up target: docs/cli.md).
  const { VERSION } = await import('./version.ts');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./cli.ts');
  process.exitCode = await main(argv);
}
