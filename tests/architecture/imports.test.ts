/**
 * The shape of the code, checked: imports run one way (no circle, counting type-only and dynamic
 * imports), the pipeline stages never reach up into the command line, lint, or the Redis transport
 * (docs/architecture.md).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './import-graph.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const graph = importGraph(SRC);

/** Edges from modules under `from` to modules under `to`. */
function edges(from: RegExp, to: RegExp): string[] {
  const out: string[] = [];
  for (const [m, deps] of graph) if (from.test(m)) for (const d of deps) if (to.test(d)) out.push(`${m} → ${d}`);
  return out;
}

describe('imports', () => {
  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('cli.ts')?.size).toBeGreaterThan(3);
  });

  it('form no circle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const g = new Map([['a.ts', new Set(['b.ts'])], ['b.ts', new Set(['c.ts'])], ['c.ts', new Set(['a.ts'])], ['d.ts', new Set(['a.ts'])]]);
    expect(importCycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('the pipeline stages (parse, narrate, schedule, render, stage, casts, store) never import lint, the commands, the CLI or the queue', () => {
    const stage = /^(parse|narrate|schedule|render|stage|casts|store|markdown)\//;
    expect(edges(stage, /^(lint|commands|queue)\/|^cli\.ts$/)).toEqual([]);
  });

  it('only the entry point (its flag check of --queue), the commands and the queue itself reach the Redis transport', () => {
    expect(edges(/^(?!commands\/|queue\/|cli\.ts$)/, /^queue\//)).toEqual([]);
  });

  it('nothing but the entry point imports the command line', () => {
    expect(edges(/^(?!bin\.ts$)/, /^cli\.ts$/)).toEqual([]);
  });
});
