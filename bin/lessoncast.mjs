#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so a course's lessoncast.config.ts loads the same way.
import { register } from 'tsx/esm/api';

// `lessoncast inspect x | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
