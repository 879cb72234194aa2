/**
 * A worker thread that runs Piper voices: onnxruntime-node's `run` computes on the calling thread,
 * so synthesis here keeps the main thread free (the build captures shots while later scenes are
 * spoken) and two workers use both cores. Each worker loads a voice once.
 */
import { parentPort } from 'node:worker_threads';
import { LessoncastError } from '../../errors.ts';
import { openPiperModel, type PiperModel } from './piper-model.ts';
import { runPiper } from './piper-run.ts';

/** A request from piper-pool.ts. */
export interface PiperJob { id: number; modelFile: string; configFile: string; sha256: string; text: string; rate?: number }

const models = new Map<string, Promise<PiperModel>>();

parentPort?.on('message', async (job: PiperJob) => {
  try {
    let model = models.get(job.sha256);
    if (!model) {
      model = openPiperModel(job.modelFile, job.configFile);
      models.set(job.sha256, model);
      model.catch(() => models.delete(job.sha256));
    }
    const r = await runPiper(await model, job.text, job.rate);
    parentPort!.postMessage({ id: job.id, audio: r.audio, sampleRate: r.sampleRate, words: r.words }, [r.audio.buffer as ArrayBuffer]);
  } catch (err) {
    const e = err as LessoncastError;
    parentPort!.postMessage({ id: job.id, error: { message: e.message, code: e instanceof LessoncastError ? e.code : undefined, fix: e.fix } });
  }
});
