#!/usr/bin/env node
// The repository's own entry: runs the TypeScript sources through tsx (tests, scripts, a fresh clone
// with nothing built). The published package's `bin` is the compiled dist/bin.js instead.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
