/**
 * Stage pages for many jobs at once (`--jobs N`, a worker's concurrency): N pages, each in its own
 * browser (measured on 2 cores: one renderer process per page is what lets two captures run side by
 * side; docs/scale.md), lent to one shot at a time. A page stays on its lesson's stage between
 * shots; it goes to another lesson's stage only when none of its own is free. Each lesson's stage
 * page is written once per process. A crashed page or browser is replaced on the next lease.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, type BrowserSession } from '../../adapters/browser.ts';
import type { RenderGuard } from './render-guard.ts';
import { VIDEO_BROWSER_ARGS, type StageSession } from './stage-session.ts';
import { openStage, type StageDriver } from './stage-driver.ts';
import { ignoreError } from '../../errors.ts';

/** A lesson's stage as the pool knows it: a key (same key, same page) and how to write it. */
export interface PoolStage {
  key: string;
  /** Writes the stage page into `dir`; times (s) its picture may change at. */
  write(dir: string): Promise<{ file: string; changes?: number[] }>;
  /** Device scale factor. */
  scale: number;
}

interface Slot { session: BrowserSession | null; driver: StageDriver | null; stage: string | null; busy: boolean; unchild: () => void }

/** The pool: `session(stage)` gives a StageSession whose page is leased on `driver()` and returned on `close()`. */
export interface StagePool {
  readonly size: number;
  session(stage: PoolStage): Promise<StageSession>;
  close(): Promise<void>;
}

/** A pool of `size` pages; `configured` is the config's browser path; its stage pages go under `work` (removed on close). */
export function stagePool(opts: { size: number; configured?: string; work: string; guard: RenderGuard }): StagePool {
  const slots: Slot[] = Array.from({ length: Math.max(1, opts.size) }, () => ({ session: null, driver: null, stage: null, busy: false, unchild: () => {} }));
  const waiting: (() => void)[] = [];
  const written = new Map<string, Promise<{ file: string; changes: number[] }>>();
  let closed = false;

  const writeOnce = (stage: PoolStage) => {
    let w = written.get(stage.key);
    if (!w) {
      const dir = join(opts.work, 'stages', stage.key);
      mkdirSync(dir, { recursive: true });
      w = stage.write(dir).then((r) => ({ file: r.file, changes: (r.changes ?? []).map((t) => Math.round(t * 1000)) }));
      w.catch(() => written.delete(stage.key));
      written.set(stage.key, w);
    }
    return w;
  };

  /** A free slot: one on this stage if any, else an empty one, else the one idle longest. */
  const take = async (key: string): Promise<Slot> => {
    for (;;) {
      if (closed || opts.guard.stopping()) throw new Error('interrupted');
      const free = slots.filter((s) => !s.busy);
      const slot = free.find((s) => s.stage === key) ?? free.find((s) => !s.stage) ?? free[0];
      if (slot) { slot.busy = true; slots.push(...slots.splice(slots.indexOf(slot), 1)); return slot; }
      await new Promise<void>((r) => waiting.push(r));
    }
  };
  const give = (slot: Slot) => {
    slot.busy = false;
    waiting.shift()?.();
  };
  const dropPage = async (slot: Slot) => {
    await slot.driver?.close().catch(ignoreError('a page of a dead browser has nothing left to close'));
    slot.driver = null;
    slot.stage = null;
  };
  const dropBrowser = async (slot: Slot) => {
    await dropPage(slot);
    await slot.session?.close().catch(ignoreError('a browser that died has nothing left to close'));
    slot.session = null;
    slot.unchild();
  };
  const open = async (slot: Slot, stage: PoolStage, file: string) => {
    if (slot.driver && slot.stage === stage.key && slot.session?.browser.connected) return slot.driver;
    if (!slot.session?.browser.connected) {
      await dropBrowser(slot);
      const session = await launchBrowser({ configured: opts.configured, extraArgs: VIDEO_BROWSER_ARGS });
      slot.session = session;
      slot.unchild = opts.guard.child(async () => { session.browser.process()?.kill('SIGKILL'); await session.close(); });
    }
    // Another lesson's page: a fresh page on this stage (a page keeps its lesson's state otherwise).
    await dropPage(slot);
    slot.driver = await openStage(slot.session!.browser, file, { scale: stage.scale });
    slot.stage = stage.key;
    return slot.driver;
  };

  return {
    size: slots.length,
    async session(stage) {
      const { file, changes } = await writeOnce(stage);
      let held: Slot | null = null;
      return {
        changes,
        async driver() {
          held ??= await take(stage.key);
          try {
            return await open(held, stage, file);
          } catch (err) {
            await dropBrowser(held);
            throw err;
          }
        },
        async reset() {
          if (held) await dropPage(held);
        },
        async close() {
          if (held) { const s = held; held = null; give(s); }
        },
      };
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w();
      await Promise.all(slots.map(dropBrowser));
      // The stage pages written here are this pool's alone.
      rmSync(opts.work, { recursive: true, force: true });
    },
  };
}
