/**
 * Voices benchmark (issue 18): for each engine present (festival, flite, espeak-ng, each installed
 * neural voice), on both seed lessons:
 *   - real-time factor: seconds of synthesis per second of speech (cold cache, this machine);
 *   - word error rate by the repository's recognizer benchmark (pocketsphinx, scripts/bench-narration.ts);
 *   - the aligner's word-timing error where the truth is known (scripts/bench-aligner.ts);
 *   - the cold build of services-and-dns (`lessoncast build services-and-dns --video`, a fresh cache)
 *     with that voice, as a ratio of the same build with festival in the same run; and for festival
 *     and the neural voice, one edited sentence as a share of the cold build.
 * Builds run one after another, niced; the load average is printed beside them (a shared machine).
 *
 *   node --import tsx scripts/bench-voices.ts [--engines festival,flite,espeak-ng,piper] [--no-builds] [--sentences N]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openCourse } from '../src/course.ts';
import { readLesson } from '../src/parse/read-lesson.ts';
import { narrateLesson } from '../src/narrate/narrate-lesson.ts';
import { captionText } from '../src/narrate/captions.ts';
import { listInstalledVoices } from '../src/narrate/voices/installed-voices.ts';
import { resolveEngine } from '../src/narrate/engines/index.ts';
import type { VoiceConfig } from '../src/config.ts';
import { fieldDictionary, lessonWav, normalizeWords, recognize, wordErrors } from './bench-narration.ts';
import { benchAligner } from './bench-aligner.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const SEEDS = ['pod-to-pod-networking', 'services-and-dns'];
const BUILD_LESSON = 'services-and-dns';
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

/** A copy of the sample course whose config names `voice` (the build reads the engine from the config). */
function courseCopy(voice: VoiceConfig): string {
  const root = mkdtempSync(join(tmpdir(), 'lessoncast-bench-voices-course-'));
  for (const f of ['transcripts', 'slides', 'configs', 'lexicon.yml', 'course-words.txt'])
    if (existsSync(join(repo, f))) cpSync(join(repo, f), join(root, f), { recursive: true });
  writeFileSync(join(root, 'lessoncast.config.ts'), `export default { title: 'Kubernetes Networking', voice: ${JSON.stringify(voice)}, lexicon: 'lexicon.yml' };\n`);
  return root;
}

/**
 * `lessoncast build <lesson> --video` in `root`, niced: seconds of wall time, CPU seconds (user +
 * system of the build and all its children, by GNU time: on a machine shared with other builds the
 * wall time follows their load, the CPU time much less), and the video's length.
 */
function build(root: string): { seconds: number; cpu: number; video: number; shots: string } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'LCTIME %U %S', 'nice', process.execPath, join(repo, 'bin', 'lessoncast.mjs'), 'build', BUILD_LESSON, '--video', '--no-progress', '--root', root], { cwd: root, encoding: 'utf8', env: process.env });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`build failed in ${root}: ${r.stderr.slice(-800)}`);
  const t = /LCTIME ([\d.]+) ([\d.]+)/.exec(r.stderr);
  const cpu = t ? Number(t[1]) + Number(t[2]) : NaN;
  const shots = /\((\d+\/\d+) shots rendered/.exec(r.stdout + r.stderr)?.[1] ?? '?';
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', join(root, 'build', BUILD_LESSON, `${BUILD_LESSON}.mp4`)], { encoding: 'utf8' });
  return { seconds, cpu, video: Number(probe.stdout.trim()), shots };
}

/** Edits one sentence of the lesson (two words of one sentence, after the paragraph's first six) in the copy. */
function editOneSentence(root: string): void {
  const file = join(root, 'transcripts', `${BUILD_LESSON}.md`);
  const text = readFileSync(file, 'utf8');
  const edited = text.replace('So let\'s now go ahead and create this service:', 'So let\'s now go on and create this service:');
  if (edited === text) throw new Error('no sentence to edit');
  writeFileSync(file, edited);
}

interface Row { label: string; voice: VoiceConfig; rtf: number; speech: number; wer: Record<string, number>; build?: number; cpu?: number; video?: number; edit?: number; editCpu?: number; loadBuild?: string }

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    engines: { type: 'string' }, 'no-builds': { type: 'boolean', default: false }, 'builds-only': { type: 'boolean', default: false }, sentences: { type: 'string', default: '24' },
  } });
  const neural = listInstalledVoices().map((v) => ({ label: `piper ${v.name}`, voice: { engine: 'piper', voice: v.name } as VoiceConfig }));
  const all = [...['festival', 'flite', 'espeak-ng'].map((e) => ({ label: e, voice: { engine: e } as VoiceConfig })), ...neural];
  const wanted = values.engines?.split(',').map((s) => s.trim());
  const present: typeof all = [];
  for (const c of all) {
    if (wanted && !wanted.some((w) => c.label === w || c.voice.engine === w)) continue;
    const status = await resolveEngine(c.voice.engine).check();
    if (status.ok) present.push(c); else console.log(`  ${c.label}: not present (${status.fix})`);
  }
  console.log(`voices benchmark: ${present.map((p) => p.label).join(', ')}; load average ${load()} (2 cores)`);
  const work = mkdtempSync(join(tmpdir(), 'lessoncast-bench-voices-'));
  const rows: Row[] = [];
  try {
    const field = fieldDictionary(work);
    for (const c of present) {
      if (values['builds-only']) { rows.push({ label: c.label, voice: c.voice, rtf: NaN, speech: NaN, wer: {} }); continue; }
      // Cold: a fresh cache, so every sentence is synthesized (and timed).
      const cache = mkdtempSync(join(tmpdir(), 'lessoncast-bench-voices-cache-'));
      const course = await openCourse({ root: repo, out: cache });
      let synth = 0, speech = 0;
      const wer: Record<string, number> = {};
      for (const slug of SEEDS) {
        const lesson = await readLesson(course, slug);
        const t0 = performance.now();
        const audio = await narrateLesson(course, lesson, { voice: c.voice });
        synth += (performance.now() - t0) / 1000;
        speech += audio.paragraphs.reduce((t, p) => t + p.duration, 0);
        const w = await lessonWav(audio, work);
        const heard = field.readBack(await recognize(w.file, field.dict));
        const ref = normalizeWords(w.chunks.map((ch) => captionText(ch.text)).join(' '));
        const e = wordErrors(ref, normalizeWords(heard));
        wer[slug] = (e.s + e.d + e.i) / e.n;
      }
      rmSync(cache, { recursive: true, force: true });
      rows.push({ label: c.label, voice: c.voice, rtf: synth / speech, speech, wer });
      console.log(`  ${c.label.padEnd(26)} RTF ${(synth / speech).toFixed(3)} (${synth.toFixed(1)} s for ${speech.toFixed(1)} s of speech, load ${load()}); WER ${SEEDS.map((s) => `${s} ${(100 * wer[s]).toFixed(1)}%`).join(', ')}`);
    }

    const aligner = values['builds-only'] ? [] : (console.log('\nAligner (word times where the engine gives none, and voice-over clips):'), await benchAligner(repo, Number(values.sentences)));

    if (!values['no-builds']) {
      console.log(`\nCold builds of ${BUILD_LESSON} --video (fresh cache each; nice):`);
      for (const r of rows) {
        const root = courseCopy(r.voice);
        try {
          r.loadBuild = load();
          const cold = build(root);
          r.build = cold.seconds;
          r.cpu = cold.cpu;
          r.video = cold.video;
          let line = `  ${r.label.padEnd(26)} cold ${cold.seconds.toFixed(1)} s (CPU ${cold.cpu.toFixed(1)} s, ${cold.shots} shots) for a ${cold.video.toFixed(1)} s video (${(cold.seconds / cold.video).toFixed(3)} of its length; load ${r.loadBuild})`;
          if (r.voice.engine === 'festival' || r.voice.engine === 'piper') {
            editOneSentence(root);
            const load0 = load();
            const edit = build(root);
            r.edit = edit.seconds;
            r.editCpu = edit.cpu;
            line += `; one edited sentence ${edit.seconds.toFixed(1)} s (CPU ${edit.cpu.toFixed(1)} s, ${edit.shots} shots; load ${load0}) = ${(100 * edit.cpu / cold.cpu).toFixed(1)}% of cold's CPU`;
          }
          console.log(line);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }
    }

    const festival = rows.find((r) => r.label === 'festival');
    const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '—');
    console.log('\n| voice | real-time factor | WER pod-to-pod-networking | WER services-and-dns | cold build CPU / festival\'s | cold build wall / video length | one edited sentence CPU / cold CPU |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const ratio = r.cpu && festival?.cpu ? (r.cpu / festival.cpu).toFixed(2) : '—';
      console.log(`| ${r.label} | ${Number.isFinite(r.rtf) ? r.rtf.toFixed(3) : '—'} | ${pct(r.wer[SEEDS[0]])} | ${pct(r.wer[SEEDS[1]])} | ${ratio} | ${r.build && r.video ? (r.build / r.video).toFixed(3) : '—'} | ${r.editCpu && r.cpu ? pct(r.editCpu / r.cpu) : '—'} |`);
    }
    if (aligner.length) console.log('\n| aligner on | median error | 90th percentile | word edges |\n|---|---|---|---|');
    for (const a of aligner) console.log(`| ${a.label} | ${a.median.toFixed(0)} ms | ${a.p90.toFixed(0)} ms | ${a.n} |`);
    console.log(`\nload average at the end: ${load()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err?.fix ? `${err.message}\nfix: ${err.fix}` : err);
    process.exit(1);
  });
}
