/**
 * The store: one key function over canonical inputs (content, never paths), a folder backend whose
 * puts are whole or absent and safe when two processes put the same key at once, whose entries are
 * checked against their recorded digests (a damaged one is set aside and made again), and the sweep
 * of what dead processes left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactKey, contentDigest, dataDigest, fileDigest, RENDER_VERSION } from '../../src/store/artifact-key.ts';
import { FolderStore } from '../../src/store/folder-store.ts';
import { storeNoteLine, storeNoteLines, type StoreNote } from '../../src/store/store.ts';
import { hostTag, pidOfWorkName, processTag, sweepDeadTemps, sweepDeadWork } from '../../src/store/work-dir.ts';

const root = mkdtempSync(join(tmpdir(), 'lessoncast-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Inverts one byte of a file in place (same size). */
function flip(file: string, at: number): void {
  const fd = openSync(file, 'r+');
  const b = Buffer.alloc(1);
  readSync(fd, b, 0, 1, at);
  b[0] ^= 0xff;
  writeSync(fd, b, 0, 1, at);
  closeSync(fd);
}

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

describe('a verifying store', () => {
  const dir = join(root, 'verify');
  const store = new FolderStore(dir);
  const notes: StoreNote[] = [];
  store.onNote((n) => notes.push(n));
  let n = 0;
  /** A fresh entry with a 100 kB segment and a small file; returns its key and folder. */
  const fresh = async () => {
    const key = artifactKey('shot', { fresh: ++n });
    await store.put(key, { 'segment.mp4': Buffer.alloc(100_000, 7), 'first.jpg': Buffer.from('jpeg') }, { ticks: n });
    return { key, entry: store.entryDir(key) };
  };
  /** What a new process sees (nothing checked yet in it): the same folder through another store object. */
  const another = () => new FolderStore(dir);

  it('records the size and SHA-256 of every file, and a digest of the index itself', async () => {
    const { key, entry } = await fresh();
    const index = JSON.parse(readFileSync(join(entry, 'entry.json'), 'utf8'));
    expect(index.v).toBe(2);
    expect(index.files['segment.mp4']).toEqual({ size: 100_000, sha256: createHash('sha256').update(Buffer.alloc(100_000, 7)).digest('hex') });
    expect(index.sum).toMatch(/^[0-9a-f]{32}$/);
    const e = (await another().get(key))!;
    expect(e.sums['first.jpg']).toEqual({ size: 4, sha256: createHash('sha256').update('jpeg').digest('hex') });
    expect(await store.verify(key)).toBeNull();
  });

  const damages: [string, (entry: string) => void, RegExp][] = [
    ['a file truncated', (e) => truncateSync(join(e, 'segment.mp4'), 60_000), /segment\.mp4 is 60000 bytes, 100000 when stored/],
    ['bytes flipped at the same size', (e) => flip(join(e, 'segment.mp4'), 50_000), /segment\.mp4 differs from its recorded SHA-256/],
    ['a file deleted', (e) => rmSync(join(e, 'first.jpg')), /first\.jpg is missing/],
    ['the index deleted', (e) => rmSync(join(e, 'entry.json')), /entry\.json is missing/],
    ['the index garbled', (e) => writeFileSync(join(e, 'entry.json'), '{"v":2,"fil'), /entry\.json is not JSON/],
    ['the index edited (valid JSON)', (e) => { const p = join(e, 'entry.json'); writeFileSync(p, readFileSync(p, 'utf8').replace('"ticks":', '"ticks":1')); }, /does not match its own digest/],
  ];
  for (const [what, damage, reason] of damages) {
    it(`${what}: not in the store (has, get), set aside in quarantine/ with a note, and a put makes it again`, async () => {
      const { key, entry } = await fresh();
      damage(entry);
      notes.length = 0;
      const s = another();
      const heard: StoreNote[] = [];
      s.onNote((x) => heard.push(x));
      expect(await s.has(key)).toBe(false);
      expect(await s.get(key)).toBeNull();
      expect(existsSync(entry)).toBe(false);
      expect(heard).toHaveLength(1);
      expect(heard[0]).toMatchObject({ key, action: 'quarantined' });
      expect(heard[0].reason).toMatch(reason);
      expect(storeNoteLine(heard[0])).toMatch(new RegExp(`^store entry shot/${key.hash.slice(0, 12)}: .* — set aside in quarantine/, made again$`));
      expect(existsSync(heard[0].movedTo!)).toBe(true);
      const again = await s.put(key, { 'segment.mp4': Buffer.alloc(100_000, 7), 'first.jpg': Buffer.from('jpeg') }, { ticks: 0 });
      expect(readFileSync(again.files['segment.mp4']).length).toBe(100_000);
      expect(await another().has(key)).toBe(true);
    });
  }

  it('a put finds a damaged entry in its way (a folder left without its index): sets it aside and puts', async () => {
    const { key, entry } = await fresh();
    rmSync(join(entry, 'entry.json'));
    // The rename of the new entry fails on the folder in the way: the old put gave up ("vanished").
    const s = another();
    const e = await s.put(key, { 'segment.mp4': Buffer.from('new bytes') }, { ticks: 1 });
    expect(readFileSync(e.files['segment.mp4'], 'utf8')).toBe('new bytes');
    expect(await another().get(key)).not.toBeNull();
  });

  it('checks every byte once per process: damage after the check is caught by size, by a changed file, and by verify', async () => {
    const { key, entry } = await fresh();
    const s = another();
    expect(await s.has(key)).toBe(true);
    // Rewritten in place at the same size: its modification time changes, so it is read again.
    await new Promise((r) => setTimeout(r, 20));
    flip(join(entry, 'segment.mp4'), 10);
    expect(await s.get(key)).toBeNull();
    // verify reads every byte whatever this process checked before.
    const { key: k2, entry: e2 } = await fresh();
    expect(await s.has(k2)).toBe(true);
    const seg = join(e2, 'segment.mp4');
    const st = statSync(seg);
    flip(seg, 99);
    utimesSync(seg, st.atime, st.mtime);
    expect(await s.verify(k2)).toMatch(/differs/);
    expect(await s.has(k2)).toBe(false);
  });

  it('an entry of the older format (no digests) is removed, with a note, and made again', async () => {
    const key = artifactKey('speech', { legacy: 1 });
    const e = join(store.entryDir(key));
    mkdirSync(e, { recursive: true });
    writeFileSync(join(e, 'audio.wav'), 'RIFF');
    writeFileSync(join(e, 'entry.json'), JSON.stringify({ files: ['audio.wav'], meta: { duration: 1 } }));
    const heard: StoreNote[] = [];
    const s = another();
    s.onNote((x) => heard.push(x));
    expect(await s.get(key)).toBeNull();
    expect(heard).toMatchObject([{ key, action: 'removed', legacy: true }]);
    // A whole cache of the older format is one line, not one per entry.
    expect(storeNoteLines([...heard, ...heard])).toEqual(['2 store entries of an older lessoncast (no digests) made again']);
    expect(existsSync(e)).toBe(false);
  });

  it('two processes putting the same 20 keys over damaged entries at once: both succeed, every entry whole', async () => {
    const shared = join(root, 'shared-damaged');
    const s = new FolderStore(shared);
    for (let i = 0; i < 20; i++) {
      const e = await s.put(artifactKey('shot', { i }), { 'segment.mp4': Buffer.alloc(1_000_000, 200) }, { i });
      // Every kind of damage, in turn.
      const d = join(s.entryDir(e.key));
      if (i % 4 === 0) rmSync(join(d, 'entry.json'));
      else if (i % 4 === 1) writeFileSync(join(d, 'entry.json'), 'garbage');
      else if (i % 4 === 2) truncateSync(join(d, 'segment.mp4'), 10);
      else flip(join(d, 'segment.mp4'), 500_000);
    }
    const script = `
      import { FolderStore } from ${JSON.stringify(join(__dirname, '../../src/store/folder-store.ts'))};
      import { artifactKey } from ${JSON.stringify(join(__dirname, '../../src/store/artifact-key.ts'))};
      const store = new FolderStore(process.argv[2]);
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(artifactKey('shot', { i }), { 'segment.mp4': Buffer.alloc(2_000_000, i) }, { i })));
    `;
    const file = join(root, 'put-damaged.mts');
    writeFileSync(file, script);
    const runs = ['a', 'b'].map(() => new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', file, shared], { cwd: join(__dirname, '../..'), stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('exit', resolve);
    }));
    expect(await Promise.all(runs)).toEqual([0, 0]);
    const check = new FolderStore(shared);
    for (let i = 0; i < 20; i++) {
      const e = (await check.get(artifactKey('shot', { i })))!;
      expect(e, `entry ${i}`).not.toBeNull();
      const bytes = readFileSync(e.files['segment.mp4']);
      expect(bytes.length).toBe(2_000_000);
      expect(bytes.every((b) => b === i)).toBe(true);
    }
    expect(readdirSync(join(shared, 'shot')).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readdirSync(join(shared, 'quarantine')).length).toBeGreaterThanOrEqual(20);
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
