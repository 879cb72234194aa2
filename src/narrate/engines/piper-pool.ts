/**
 * The Piper worker threads (piper-worker.ts): up to two, one synthesis each at a time, started on
 * first use. A worker keeps the process alive only while it has work. From the TypeScript sources
 * (the repository, its tests) the worker registers tsx itself; from dist/ it is plain JavaScript.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LessoncastError } from '../../errors.ts';
import type { InstalledVoice } from '../voices/installed-voices.ts';
import type { PiperAudio } from './piper-run.ts';
import type { PiperJob } from './piper-worker.ts';

/** Workers at most: the machines lessoncast targets have two cores (each run uses one). */
const MAX_WORKERS = 2;

interface Slot { worker: Worker; busy: number }
const slots: Slot[] = [];
const pending = new Map<number, { resolve: (r: PiperAudio) => void; reject: (e: Error) => void; slot: Slot }>();
let nextId = 1;

/** tsx's ESM API (`tsx/esm/api`, import condition), as a file URL. */
function tsxApi(from: string): string {
  // require.resolve answers the package's `require` condition (index.cjs); its `import` twin sits beside it.
  return pathToFileURL(createRequire(from).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
}

function startWorker(): Slot {
  const self = import.meta.url;
  const fromSource = self.endsWith('.ts');
  const file = new URL(fromSource ? './piper-worker.ts' : './piper-worker.js', self);
  const worker = fromSource
    // A worker does not inherit tsx's loader (registered through its API by bin/lessoncast.mjs or vitest).
    ? new Worker(`import(${JSON.stringify(tsxApi(self))}).then((m) => { m.register(); return import(${JSON.stringify(file.href)}); });`, { eval: true })
    : new Worker(file);
  const slot: Slot = { worker, busy: 0 };
  worker.unref();
  worker.on('message', (m: { id: number; audio?: Float32Array; sampleRate?: number; words?: PiperAudio['words']; error?: { message: string; code?: string; fix?: string } }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (--p.slot.busy === 0) p.slot.worker.unref();
    if (m.error) p.reject(m.error.code ? new LessoncastError(m.error.code, m.error.message, m.error.fix) : new Error(m.error.message));
    else p.resolve({ audio: m.audio!, sampleRate: m.sampleRate!, words: m.words });
  });
  const fail = (err: Error) => {
    slots.splice(slots.indexOf(slot), 1);
    for (const [id, p] of pending) if (p.slot === slot) {
      pending.delete(id);
      p.reject(new LessoncastError('SPEECH_FAILED', `The neural voice's worker stopped: ${err.message}`, 'Run `lessoncast doctor`; run the build again (finished sentences are cached).'));
    }
  };
  worker.on('error', fail);
  worker.on('exit', (code) => { if (code !== 0) fail(new Error(`exit code ${code}`)); else slots.includes(slot) && slots.splice(slots.indexOf(slot), 1); });
  slots.push(slot);
  return slot;
}

/** Says `text` with an installed voice in a worker: float samples at the voice's rate and word times. */
export function piperInWorker(voice: InstalledVoice, text: string, rate?: number): Promise<PiperAudio> {
  // The least busy worker; a new one while fewer than MAX_WORKERS exist and all are busy.
  let slot = slots.reduce<Slot | null>((best, s) => (!best || s.busy < best.busy ? s : best), null);
  if (!slot || (slot.busy > 0 && slots.length < MAX_WORKERS)) slot = startWorker();
  const id = nextId++;
  const job: PiperJob = { id, modelFile: voice.modelFile, configFile: voice.configFile, sha256: voice.sha256, text, rate };
  const s = slot;
  return new Promise<PiperAudio>((resolve, reject) => {
    pending.set(id, { resolve, reject, slot: s });
    if (s.busy++ === 0) s.worker.ref();
    s.worker.postMessage(job);
  });
}
