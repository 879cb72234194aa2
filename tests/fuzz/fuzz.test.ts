/** The fuzzer in the suite: 1,000 cases over all properties with a fixed seed (`npm run fuzz` runs 100,000). */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { fuzzContext, properties, shares, type FuzzContext } from './properties.ts';

const CASES = 1000;
const SEED = 13;

let ctx: FuzzContext;
beforeAll(async () => { ctx = await fuzzContext(); });
afterAll(() => ctx?.close());

describe(`fuzz (${CASES} cases, seed ${SEED})`, async () => {
  // The property list does not depend on the context's contents, only on its paths: build it with a stand-in to name the tests.
  const names = properties({ course: null as never, dir: '', close() {} }).map((p) => p.name);
  names.forEach((name, i) => {
    it(name, async () => {
      const props = properties(ctx);
      const runs = shares(props, CASES)[i];
      await fc.assert(fc.asyncProperty(props[i].arbitrary, async (v) => { await props[i].check(v); }), { numRuns: runs, seed: SEED + i, endOnFailure: true });
    });
  });
});
