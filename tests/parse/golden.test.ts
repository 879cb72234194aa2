/** The seeds' IR is held by golden files (regenerate with `npm run golden:update`, review the diff). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { irJson, SEEDS } from '../../scripts/update-golden.ts';

describe('golden IR', () => {
  for (const slug of SEEDS)
    it(`${slug} parses to tests/fixtures/golden/${slug}.ir.json`, () => {
      const golden = readFileSync(new URL(`../fixtures/golden/${slug}.ir.json`, import.meta.url), 'utf8');
      expect(irJson(slug)).toBe(golden);
    });
});
