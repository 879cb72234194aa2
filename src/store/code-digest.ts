/**
 * The digest of a piece of lessoncast's own code as it is bundled: the entry modules and every
 * module they import, transitively, by the bytes of each file, with the files the code loads at run
 * time. Following the imports (not hashing folders by convention) means a module the stage borrows
 * from anywhere in src/ (src/limits.ts, say) is in the digest, and a module it does not use is not.
 * The imports are read with a pattern, not a parser: the TypeScript compiler is not shipped, and our
 * own sources (or their compiled .js in dist/) write imports in the two forms matched here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { contentDigest } from './artifact-key.ts';

/** `from './x.ts'`, `import './x.ts'` and `import('./x.ts')`, relative paths only (packages are hashed by version). */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]+)\1/g;

/** `import type …;` and `export type … from …;`: erased when compiled, so they change nothing that runs. */
const TYPE_ONLY = /\b(?:import|export)\s+type\b[^;]*;/g;

/** The relative modules `file` imports at run time, as absolute paths. */
export function relativeImports(file: string, source = readFileSync(file, 'utf8')): string[] {
  const out: string[] = [];
  for (const m of source.replace(TYPE_ONLY, '').matchAll(IMPORT)) out.push(resolve(dirname(file), m[2]));
  return out;
}

/** Every module reachable from `entries` through relative imports (the entries included), sorted. */
export function moduleClosure(entries: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const f = queue.pop()!;
    if (seen.has(f) || !existsSync(f)) continue;
    seen.add(f);
    queue.push(...relativeImports(f));
  }
  return [...seen].sort();
}

/** Digest of the closure of `entries` and of `extra` files (client scripts, styles), named relative to `root`. */
export function codeDigest(root: string, entries: string[], extra: string[] = []): string {
  const parts = [...new Set([...moduleClosure(entries), ...extra])].sort().map((f) => `${f.slice(root.length)}\0${contentDigest(readFileSync(f))}`);
  return contentDigest(parts.join('\n'));
}
