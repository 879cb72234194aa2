#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so a course's lessoncast.config.ts loads the same way.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
