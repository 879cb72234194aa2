/**
 * The store: one key function over canonical inputs (content, never paths), a folder backend whose
 * puts are whole or absent and safe when two processes put the same key at once, and the sweep of
 * what dead processes left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactKey, contentDigest, dataDigest, fileDigest, RENDER_VERSION } from '../../src/store/artifact-key.ts';
import { FolderStore } from '../../src/store/folder-store.ts';
import { hostTag, pidOfWorkName, processTag, sweepDeadTemps, sweepDeadWork } from '../../src/store/work-dir.ts';

const root = mkdtempSync(join(tmpdir(), 'lessoncast-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A pid that has just exited (so no process has it). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('artifact keys', () => {
  it('hash canonical inputs: key order does not matter, every value does, kind and render version are in', () => {
    const a = artifactKey('shot', { b: 1, a: [1, 2], c: { y: 'x', z: null } });
    expect(a.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(artifactKey('shot', { c: { z: null, y: 'x' }, a: [1, 2], b: 1 })).toEqual(a);
    expect(artifactKey('shot', { b: 1, a: [2, 1], c: { y: 'x', z: null } }).hash).not.toBe(a.hash);
    expect(artifactKey('speech', { b: 1, a: [1, 2], c: { y: 'x', z: null } }).hash).not.toBe(a.hash);
    expect(RENDER_VERSION).toBeGreaterThanOrEqual(2);
    expect(dataDigest({ x: 1, y: 2 })).toBe(dataDigest({ y: 2, x: 1 }));
  });
  it('a file enters a key by its bytes: the same bytes anywhere give the same digest, a missing file says so', () => {
    const a = join(root, 'one.png'), b = join(root, 'sub', 'other-name.png');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(a, 'PNG bytes');
    writeFileSync(b, 'PNG bytes');
    expect(fileDigest(a)).toBe(fileDigest(b));
    expect(fileDigest(a)).toBe(contentDigest('PNG bytes'));
    writeFileSync(b, 'PNG bytes!');
    expect(fileDigest(b)).not.toBe(fileDigest(a));
    expect(fileDigest(join(root, 'nope.png'))).toBe('missing');
  });
});

describe('folder store', () => {
  const store = new FolderStore(join(root, 'cache'));
  const key = artifactKey('shot', { n: 1 });

  it('puts an entry whole (files moved in, bytes written, meta kept) and gets it back as local files', async () => {
    expect(await store.has(key)).toBe(false);
    expect(await store.get(key)).toBeNull();
    const seg = join(root, 'seg.mp4');
    writeFileSync(seg, 'segment');
    const e = await store.put(key, { 'segment.mp4': seg, 'first.jpg': Buffer.from('jpeg') }, { ticks: 90 });
    expect(existsSync(seg)).toBe(false);
    expect(readFileSync(e.files['segment.mp4'], 'utf8')).toBe('segment');
    expect(readFileSync(e.files['first.jpg'], 'utf8')).toBe('jpeg');
    expect(e.meta).toEqual({ ticks: 90 });
    expect(await store.has(key)).toBe(true);
    expect(store.keyOf(e.files['segment.mp4'])).toEqual(key);
    expect(store.keyOf(join(root, 'elsewhere.mp4'))).toBeNull();
    expect((await store.list('shot')).map((x) => x.key)).toEqual([key]);
    expect((await store.list())[0].bytes).toBeGreaterThan(10);
  });

  it('a second put of the same key keeps the first entry and discards its sources', async () => {
    const again = join(root, 'again.mp4');
    writeFileSync(again, 'other bytes');
    const e = await store.put(key, { 'segment.mp4': again }, { ticks: 1 });
    expect(existsSync(again)).toBe(false);
    expect(readFileSync(e.files['segment.mp4'], 'utf8')).toBe('segment');
    expect(e.meta).toEqual({ ticks: 90 });
  });

  it('delete removes an entry at once; bad names and keys are refused', async () => {
    await store.delete(key);
    expect(await store.has(key)).toBe(false);
    expect(await store.list()).toEqual([]);
    await expect(store.put(artifactKey('shot', { n: 2 }), { '../x': Buffer.from('') })).rejects.toThrow(/bad file name/);
    await expect(store.put(artifactKey('shot', { n: 2 }), { 'entry.json': Buffer.from('') })).rejects.toThrow(/bad file name/);
    expect(() => store.entryDir({ kind: 'shot', hash: '../../etc' })).toThrow(/bad key/);
  });

  it('two processes putting the same 20 keys at once: every entry whole, one copy of each, nothing left over', async () => {
    const dir = join(root, 'shared');
    const script = `
      import { FolderStore } from ${JSON.stringify(join(__dirname, '../../src/store/folder-store.ts'))};
      import { artifactKey } from ${JSON.stringify(join(__dirname, '../../src/store/artifact-key.ts'))};
      const store = new FolderStore(process.argv[2]);
      const me = process.argv[3];
      await Promise.all(Array.from({ length: 20 }, (_, i) => {
        // 2 MB per file: long enough to write that the two processes overlap.
        const bytes = Buffer.alloc(2_000_000, i);
        return store.put(artifactKey('shot', { i }), { 'segment.mp4': bytes, 'who.txt': Buffer.from(me) }, { i });
      }));
    `;
    const file = join(root, 'put.mts');
    writeFileSync(file, script);
    const runs = ['a', 'b'].map((who) => new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', file, dir, who], { cwd: join(__dirname, '../..'), stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('exit', resolve);
    }));
    expect(await Promise.all(runs)).toEqual([0, 0]);
    const shared = new FolderStore(dir);
    const entries = await shared.list('shot');
    expect(entries).toHaveLength(20);
    for (let i = 0; i < 20; i++) {
      const e = (await shared.get(artifactKey('shot', { i })))!;
      const bytes = readFileSync(e.files['segment.mp4']);
      expect(bytes.length).toBe(2_000_000);
      expect(bytes.every((b) => b === i)).toBe(true);
      expect(['a', 'b']).toContain(readFileSync(e.files['who.txt'], 'utf8'));
      expect(e.meta).toEqual({ i });
    }
    expect(readdirSync(join(dir, 'shot')).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('what dead processes leave', () => {
  it('work folders and temporary puts of dead pids on this host go; live ones and other hosts stay', async () => {
    const cache = join(root, 'sweep');
    const dead = deadPid();
    const names = [`${hostTag()}-${dead}`, processTag(), `other-host-${dead}`];
    for (const n of names) mkdirSync(join(cache, 'work', n, 'stage'), { recursive: true });
    mkdirSync(join(cache, 'shot', `.put-${hostTag()}-${dead}-3`), { recursive: true });
    mkdirSync(join(cache, 'shot', `.put-other-host-${dead}-3`), { recursive: true });
    expect(pidOfWorkName(`${hostTag()}-${dead}`)).toBe(dead);
    expect(pidOfWorkName(`other-host-${dead}`)).toBeNull();
    expect(sweepDeadWork(cache)).toEqual([join(cache, 'work', `${hostTag()}-${dead}`)]);
    expect(readdirSync(join(cache, 'work')).sort()).toEqual([processTag(), `other-host-${dead}`].sort());
    // A store opened on the folder sweeps its kind folders once.
    await new FolderStore(cache).has(artifactKey('shot', {}));
    expect(readdirSync(join(cache, 'shot'))).toEqual([`.put-other-host-${dead}-3`]);
  });
  it('temporary output files of dead pids go, of live ones stay', () => {
    const dir = join(root, 'out');
    mkdirSync(dir, { recursive: true });
    const dead = deadPid();
    for (const f of [`a.mp4.tmp-${dead}-1`, `b.mp4.tmp-${process.pid}-2`, `c.mp4.tmp-${dead}`, 'd.mp4']) writeFileSync(join(dir, f), '');
    expect(sweepDeadTemps(dir).length).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([`b.mp4.tmp-${process.pid}-2`, 'd.mp4']);
  });
});
