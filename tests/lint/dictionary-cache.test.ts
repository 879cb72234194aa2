/** The cached dictionary table answers exactly as a freshly built nspell does, and a bad cache file is rebuilt. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nspell from 'nspell';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandDictionary, openDictionary, spellerOver, type ExpandedTable } from '../../src/lint/dictionary-cache.ts';

const WORDS = ['address', 'adderss', 'Kubernetes', 'kubernetes', 'gaurantee', 'guarantee', 'createing', 'pods', "pod's", 'IP', 'Ip', 'DNS', 'google', 'Google',
  'centos', 'realtime', 'unchanged', 'assigned', 'auto', "don't", 'dont', 'recreate', 'yamls', 'nodeport', '1st', '22nd', '13th', '11st', 'colour', 'färbe', 'the', 'THE', 'xyzzy'];

describe('dictionary cache', () => {
  let dict: { aff: Uint8Array; dic: Uint8Array };
  let table: ExpandedTable;
  beforeAll(async () => {
    dict = (await import('dictionary-en')).default as typeof dict;
    table = expandDictionary(dict.aff, dict.dic);
  });

  it('a speller over the table checks and suggests like nspell built from the .dic', () => {
    const fresh = nspell(dict as never);
    const fromTable = spellerOver(dict.aff, table);
    for (const w of WORDS) expect([w, fromTable.correct(w)]).toEqual([w, fresh.correct(w)]);
    for (const w of ['adderss', 'gaurantee', 'createing']) expect(fromTable.suggest(w)).toEqual(fresh.suggest(w));
    // Added words stay in their own speller only.
    fromTable.add('lessoncast');
    expect(fromTable.correct('lessoncast')).toBe(true);
    expect(spellerOver(dict.aff, table).correct('lessoncast')).toBe(false);
  });

  it('writes the table once, reads it back, and rebuilds when the file is damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-dict-'));
    const load = () => openDictionary(dir);
    const first = await load();
    expect(first.source).toBe('built');
    expect(readdirSync(dir)).toEqual([first.file!.split('/').at(-1)]);
    const second = await load();
    expect(second.source).toBe('cache');
    expect(second.speller().correct('guarantee')).toBe(true);
    expect(second.speller().correct('gaurantee')).toBe(false);
    writeFileSync(first.file!, readFileSync(first.file!, 'utf8').slice(0, 100_000));
    expect((await load()).source).toBe('built');
  });
});
