/**
 * The dev server's builds: what is built, what is stale, and the order work happens in.
 * Edits take the fast lane (parse, casts, deck, page with known-or-estimated timings: well under a second);
 * speech synthesis and videos take the slow lane in the background and refresh the page when they land.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Course } from '../course.ts';
import { listSlugs } from '../course.ts';
import { isExpectedError, ignoreError, ignoreErrorAs } from '../errors.ts';
import type { LessonCast } from '../casts/types.ts';
import type { Timeline } from '../schedule/types.ts';
import type { Lesson } from '../types.ts';
import { buildSite } from '../render/site/build-site.ts';
import { estimateAudio, knownDurations, type KnownDurations } from './estimate-audio.ts';
import { changeImpact } from './change-impact.ts';
import { reloadCourse } from './reload-course.ts';

/** A problem shown in the page overlay. */
export interface DevError { file?: string; line?: number; column?: number; code?: string; message: string; hint?: string }

/** Per-lesson facts the toolbar shows. */
export interface DevLessonState { estimated: boolean; hasVideo: boolean; videoStale: boolean }

/** Everything a page needs to draw the toolbar and overlay. */
export interface DevState {
  phase: 'idle' | 'building' | 'synthesizing' | 'video';
  message: string;
  errors: DevError[];
  lessons: Record<string, DevLessonState>;
  videoSlug?: string;
  /** Timings of the last rebuild after an edit, in milliseconds. */
  lastRebuild?: { slugs: string[]; totalMs: number; deckMs: number; pageMs: number };
}

/** How a dev session reports and what it builds. */
export interface DevSessionOptions {
  /** Also rebuild videos after each change. */
  video?: boolean;
  /** One line of progress for the terminal. */
  log: (line: string) => void;
  /** Sends an event to the open pages. */
  notify: (event: 'reload' | 'state', data: unknown) => void;
  /** How long the first build waits for real speech timings before showing estimates (ms). */
  initialSpeechWaitMs?: number;
}

const sinceMs = (t0: number) => Math.round(performance.now() - t0);

/** Errors from a thrown exception: environment errors keep their fix as the hint. */
function errorFromException(err: unknown, file?: string): DevError {
  if (isExpectedError(err)) return { file, code: err.code, message: err.message, hint: err.fix };
  const e = err as Error;
  // Point at the first frame in the project, not in node_modules: that is where a fix would go.
  const frame = /\((\/[^)]+?):(\d+):(\d+)\)/.exec((e?.stack ?? '').split('\n').find((l) => l.includes('/src/') && !l.includes('node_modules')) ?? '');
  return frame
    ? { file: frame[1], line: Number(frame[2]), column: Number(frame[3]), code: e?.name ?? 'Error', message: e?.message ?? String(err) }
    : { file, code: e?.name ?? 'Error', message: e?.message ?? String(err) };
}

/** State and work queues of one `lessoncast dev` run. */
export class DevSession {
  course: Course;
  readonly lessons = new Map<string, Lesson>();
  private readonly timelines = new Map<string, Timeline>();
  private readonly casts = new Map<string, LessonCast[]>();
  private readonly estimated = new Set<string>();
  private readonly known = new Map<string, KnownDurations>();
  /** Problems by lesson slug, or ':course' (config) and ':site' (site build), which no slug can be. */
  private readonly errors = new Map<string, DevError[]>();
  /** Bumped on every edit of a lesson: background results for an older generation are dropped. */
  private readonly generation = new Map<string, number>();
  private readonly videoGeneration = new Map<string, number>();
  private fast: Promise<void> = Promise.resolve();
  private slow: Promise<void> = Promise.resolve();
  private readonly pendingSynth = new Set<string>();
  private phase: DevState['phase'] = 'idle';
  private message = 'up to date';
  private videoSlug: string | undefined;
  private lastRebuild: DevState['lastRebuild'];
  private closed = false;

  constructor(course: Course, private readonly opts: DevSessionOptions) {
    this.course = course;
  }

  /** The state sent to pages. */
  state(): DevState {
    const lessons: Record<string, DevLessonState> = {};
    for (const slug of this.lessons.keys()) {
      const hasVideo = existsSync(join(this.course.outDir, slug, `${slug}.mp4`));
      lessons[slug] = {
        estimated: this.estimated.has(slug),
        hasVideo,
        videoStale: hasVideo && this.videoGeneration.get(slug) !== this.generation.get(slug),
      };
    }
    return {
      phase: this.phase, message: this.message, errors: [...this.errors.values()].flat(), lessons,
      videoSlug: this.videoSlug, lastRebuild: this.lastRebuild,
    };
  }

  private publish(): void {
    this.opts.notify('state', this.state());
  }

  private setPhase(phase: DevState['phase'], message: string): void {
    this.phase = phase;
    this.message = message;
    this.publish();
  }

  private ordered(): Lesson[] {
    return this.course.slugs.filter((s) => this.lessons.has(s)).map((s) => this.lessons.get(s)!);
  }

  private rel(file: string): string {
    return relative(process.cwd(), file) || file;
  }

  /** First build: every lesson's deck and page, then the site index. */
  async initial(): Promise<void> {
    await this.enqueueFast(async () => {
      const t0 = performance.now();
      this.setPhase('building', 'building…');
      for (const slug of this.course.slugs) await (await this.buildLesson(slug, { initial: true })).deck;
      await this.writePages(this.course.slugs);
      this.setPhase('idle', 'up to date');
      this.opts.log(`built ${this.course.slugs.length} lesson(s) in ${sinceMs(t0)} ms`);
    });
  }

  /** Files changed on disk: rebuild the lessons they affect and reload their pages. */
  changed(files: string[]): Promise<void> {
    return this.enqueueFast(async () => {
      const t0 = performance.now();
      const impact = changeImpact(this.watched(), this.lessons, files);
      if (impact.speech) this.known.clear();
      let all = false;
      if (impact.config || impact.transcripts) {
        try {
          const before = this.course.slugs.join('\n');
          this.course = impact.config ? await reloadCourse(this.course) : { ...this.course, slugs: listSlugs(this.course.transcriptsDir) };
          this.errors.delete(':course');
          for (const slug of [...this.lessons.keys()]) if (!this.course.slugs.includes(slug)) this.forget(slug);
          // A new or removed lesson changes every page's previous/next links.
          all = impact.config || before !== this.course.slugs.join('\n');
        } catch (err) {
          this.errors.set(':course', [errorFromException(err, this.course.configFile ? this.rel(this.course.configFile) : undefined)]);
          this.setPhase('idle', 'config error');
          return;
        }
      }
      // Decks and timelines for the lessons the change touched; pages too, or all pages when the lesson list changed.
      const rebuild = impact.config ? [...this.course.slugs] : [...impact.slugs].filter((s) => this.course.slugs.includes(s));
      const pages = all ? [...this.course.slugs] : rebuild;
      if (!rebuild.length && !all) return;
      this.setPhase('building', `rebuilding ${rebuild.join(', ')}…`);
      const decks: Promise<number>[] = [];
      for (const slug of rebuild) {
        this.generation.set(slug, (this.generation.get(slug) ?? 0) + 1);
        decks.push((await this.buildLesson(slug, { initial: false })).deck);
      }
      // Decks and pages do not depend on each other: their file writes overlap.
      const p0 = performance.now();
      const [deckTimes, pageMs] = await Promise.all([Promise.all(decks), this.writePages(pages).then(() => sinceMs(p0))]);
      const deckMs = deckTimes.reduce((a, b) => a + b, 0);
      this.lastRebuild = { slugs: rebuild, totalMs: sinceMs(t0), deckMs, pageMs };
      this.setPhase('idle', 'up to date');
      this.opts.notify('reload', { slugs: rebuild, index: true, all });
      this.opts.log(`rebuilt ${rebuild.join(', ') || 'site'} in ${this.lastRebuild.totalMs} ms (deck ${deckMs} ms, page ${pageMs} ms)` +
        (rebuild.some((s) => this.estimated.has(s)) ? '; timings estimated until speech is synthesized' : ''));
      if (this.opts.video) for (const slug of rebuild) this.requestVideo(slug);
    });
  }

  private forget(slug: string): void {
    for (const m of [this.lessons, this.timelines, this.casts, this.known, this.errors, this.generation, this.videoGeneration]) m.delete(slug);
    this.estimated.delete(slug);
  }

  private watched() {
    return {
      root: this.course.root, transcriptsDir: this.course.transcriptsDir, slidesDir: this.course.slidesDir,
      recordingsDir: this.course.recordingsDir, lexiconFile: join(this.course.root, this.course.config.lexicon ?? 'lexicon.yml'),
    };
  }

  /** Parses a lesson, starts its deck build and computes its timeline; the page is written by `writePages`. */
  private async buildLesson(slug: string, how: { initial: boolean }): Promise<{ deck: Promise<number> }> {
    const errors: DevError[] = [];
    this.errors.set(slug, errors);
    let lesson: Lesson;
    try {
      const { readLesson } = await import('../parse/read-lesson.ts');
      lesson = await readLesson(this.course, slug);
    } catch (err) {
      errors.push(errorFromException(err, `transcripts/${slug}.md`));
      return { deck: Promise.resolve(0) };
    }
    this.lessons.set(slug, lesson);
    if (!this.generation.has(slug)) this.generation.set(slug, 0);
    for (const d of lesson.diagnostics)
      if (d.severity === 'error') errors.push({ file: d.file, line: d.line, column: d.column, code: d.code, message: d.message, hint: d.hint });

    try {
      const { lessonCasts } = await import('../casts/lesson-casts.ts');
      this.casts.set(slug, await lessonCasts(this.course, lesson));
    } catch (err) {
      errors.push(errorFromException(err, lesson.file));
      this.casts.set(slug, []);
    }

    const deck = this.buildDeck(lesson, errors, how.initial);
    try {
      await this.updateTimeline(lesson, how.initial);
    } catch (err) {
      errors.push({ ...errorFromException(err, lesson.file), message: `timeline: ${(err as Error).message}` });
      this.timelines.delete(slug);
    }
    if (how.initial) this.videoGeneration.set(slug, this.videoLooksCurrent(slug) ? 0 : -1);
    return { deck };
  }

  /** Builds the lesson's deck; resolves with the time it took (errors go to the lesson's list). */
  private async buildDeck(lesson: Lesson, errors: DevError[], initial: boolean): Promise<number> {
    const d0 = performance.now();
    try {
      const { buildDeck } = await import('../render/deck/build-deck.ts');
      await buildDeck(this.course, lesson, {});
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND' && /render\/deck/.test(String((err as Error).message))) {
        if (initial) this.opts.log('deck builder not available in this version: pages only');
      } else errors.push({ ...errorFromException(err, lesson.file), message: `deck: ${(err as Error).message}` });
    }
    return sinceMs(d0);
  }

  /** A video from before this run is current when it is newer than the lesson's script and slides. */
  private videoLooksCurrent(slug: string): boolean {
    const mtime = (f: string) => (existsSync(f) ? statSync(f).mtimeMs : 0);
    const video = mtime(join(this.course.outDir, slug, `${slug}.mp4`));
    return video > 0 && video >= Math.max(mtime(join(this.course.transcriptsDir, `${slug}.md`)), mtime(join(this.course.slidesDir, `${slug}.md`)));
  }

  /**
   * Timings for the page: durations known from the last synthesis are kept and the rest estimated, so the
   * page is written at once; real synthesis then runs in the background. The first build waits a little for
   * the real thing, since a warm speech cache answers in well under a second.
   */
  private async updateTimeline(lesson: Lesson, initial: boolean): Promise<void> {
    const slug = lesson.slug;
    if (initial) {
      const real = this.realTimeline(lesson);
      const wait = new Promise<null>((r) => setTimeout(() => r(null), this.opts.initialSpeechWaitMs ?? 1500).unref());
      const got = await Promise.race([real.catch(ignoreErrorAs(null, 'a timeline that fails is shown by the estimate, and the full rebuild reports the error')), wait]);
      if (got) { this.applyReal(slug, got); return; }
      // Too slow (cold cache): show estimates now; the synthesis already running finishes in the background.
      real.catch(ignoreError('the synthesis finishing in the background is reported by the next rebuild'));
      await this.estimateTimeline(lesson);
      this.estimated.add(slug);
      this.requestSynthesis(slug, real);
      return;
    }
    if ((await this.estimateTimeline(lesson)) > 0 || !this.known.has(slug)) {
      this.estimated.add(slug);
      this.requestSynthesis(slug);
    } else {
      this.estimated.delete(slug);
    }
  }

  /** Schedules the lesson with known-or-estimated speech durations; returns how many chunks were estimated. */
  private async estimateTimeline(lesson: Lesson): Promise<number> {
    const slug = lesson.slug;
    const { scheduleLesson } = await import('../schedule/schedule-lesson.ts');
    const { readSlideTitles } = await import('../schedule/slide-titles.ts');
    const known = this.known.get(slug) ?? knownDurations(null);
    const { audio, estimated } = estimateAudio(lesson, known);
    this.timelines.set(slug, scheduleLesson(lesson, audio, this.casts.get(slug) ?? [], {
      configPauses: this.course.config.pauses, slideTitles: readSlideTitles(this.course, slug),
    }));
    return estimated;
  }

  private async realTimeline(lesson: Lesson) {
    const { timelineFor } = await import('../schedule/timeline-for.ts');
    return timelineFor(this.course, lesson, { progress: false });
  }

  private applyReal(slug: string, r: { timeline: Timeline; audio: import('../narrate/types.ts').LessonAudio; casts: LessonCast[] }): void {
    this.known.set(slug, knownDurations(r.audio));
    this.timelines.set(slug, r.timeline);
    this.casts.set(slug, r.casts);
    this.estimated.delete(slug);
  }

  /** Synthesizes a lesson's speech in the background, then rewrites its page with the real timings. */
  private requestSynthesis(slug: string, running?: ReturnType<DevSession['realTimeline']>): void {
    if (this.pendingSynth.has(slug)) return;
    this.pendingSynth.add(slug);
    this.enqueueSlow(async () => {
      this.pendingSynth.delete(slug);
      const lesson = this.lessons.get(slug);
      if (!lesson || this.closed) return;
      const gen = this.generation.get(slug);
      const t0 = performance.now();
      this.setPhase('synthesizing', `synthesizing speech for ${slug}…`);
      try {
        const r = await (running ?? this.realTimeline(lesson));
        if (this.generation.get(slug) !== gen || this.closed) return; // edited meanwhile: a newer request is queued
        await this.enqueueFast(async () => {
          if (this.generation.get(slug) !== gen) return;
          this.applyReal(slug, r);
          await this.writePages([slug]);
          this.opts.notify('reload', { slugs: [slug], index: true });
        });
        this.opts.log(`speech for ${slug} ready in ${sinceMs(t0)} ms: page updated with real timings`);
        this.setPhase('idle', 'up to date');
      } catch (err) {
        const e = errorFromException(err);
        this.opts.log(`speech for ${slug} failed: ${e.message}${e.hint ? ` (${e.hint})` : ''}`);
        this.setPhase('idle', `speech synthesis failed: ${e.message}`);
      }
    });
  }

  /** Builds a lesson's video in the background (a button in the page, or `--video`). */
  requestVideo(slug: string): void {
    if (!this.lessons.has(slug)) return;
    this.enqueueSlow(async () => {
      const lesson = this.lessons.get(slug);
      if (!lesson || this.closed) return;
      const gen = this.generation.get(slug);
      const t0 = performance.now();
      this.videoSlug = slug;
      this.setPhase('video', `building the video of ${slug}…`);
      try {
        const { buildVideo } = await import('../render/video/build-video.ts');
        await buildVideo(this.course, lesson, { progress: false });
        const r = await this.realTimeline(lesson);
        this.videoGeneration.set(slug, gen ?? 0);
        await this.enqueueFast(async () => {
          if (this.generation.get(slug) === gen) this.applyReal(slug, r);
          await this.writePages([slug]);
          this.opts.notify('reload', { slugs: [slug], index: true });
        });
        this.opts.log(`video of ${slug} built in ${(sinceMs(t0) / 1000).toFixed(1)} s`);
        this.videoSlug = undefined;
        this.setPhase('idle', 'up to date');
      } catch (err) {
        const e = errorFromException(err);
        this.opts.log(`video of ${slug} failed: ${e.message}${e.hint ? ` (${e.hint})` : ''}`);
        this.videoSlug = undefined;
        this.setPhase('idle', `video failed: ${e.message}`);
      }
    });
  }

  /** Writes the given lesson pages and the index. */
  private async writePages(slugs: string[]): Promise<void> {
    const lessons = this.ordered();
    try {
      const { problems } = await buildSite(this.course, lessons, {
        timelines: this.timelines, casts: this.casts, estimated: this.estimated,
        pages: slugs.filter((s) => this.lessons.has(s)), index: true,
      });
      // One lesson's page failing leaves the others written: each failure is shown, with its lesson.
      if (problems.length) {
        this.errors.set(':site', problems.map((p) => ({ ...errorFromException(p.error), message: `site: ${p.slug}: ${(p.error as Error)?.message ?? String(p.error)}` })));
        return;
      }
    } catch (err) {
      this.errors.set(':site', [{ ...errorFromException(err), message: `site: ${(err as Error).message}` }]);
      return;
    }
    this.errors.delete(':site');
  }

  private enqueueFast(job: () => Promise<void>): Promise<void> {
    const run = this.fast.then(job);
    this.fast = run.catch((err) => this.opts.log(`internal error: ${(err as Error)?.stack ?? err}`));
    return this.fast;
  }

  private enqueueSlow(job: () => Promise<void>): void {
    const run = this.slow.then(job);
    this.slow = run.catch((err) => this.opts.log(`internal error: ${(err as Error)?.stack ?? err}`));
  }

  /** Waits for queued work (tests) and stops taking background jobs. */
  async close(): Promise<void> {
    this.closed = true;
    await this.fast;
  }

  /** Resolves when no work is queued in either lane (tests, benchmarks). */
  async settled(): Promise<void> {
    for (;;) {
      const f = this.fast;
      const s = this.slow;
      await Promise.all([f, s]);
      if (f === this.fast && s === this.slow) return;
    }
  }
}
