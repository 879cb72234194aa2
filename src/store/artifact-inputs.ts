/**
 * The one place that lists, per kind of artifact, everything it depends on: every input that can
 * change a frame or a sample is a field here, and a key is `artifactKey(kind, <these inputs>)`
 * (artifact-key.ts). Modules decide the values (plan-shots decides which cues act in a shot), but
 * they never hash anything themselves. docs/store.md explains each field.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifactKey, contentDigest } from './artifact-key.ts';
import { codeDigest } from './code-digest.ts';
import type { StoreKey } from './store.ts';

/** A speech chunk: one sentence said by one engine. */
export interface SpeechInputs {
  /** The engine's name and what else decides its voice (model, endpoint: `SpeechEngine.identity()`). */
  engine: { name: string; identity: Record<string, unknown> | null };
  voice: string;
  rate: number;
  pitch: number;
  sampleRate: number;
  /**
   * The spoken text, after the pronunciation lexicon: a lexicon edit changes exactly the chunks
   * whose spoken words it changes (the lexicon file as a whole would re-synthesize every one).
   */
  text: string;
}

/** A voice-over clip converted to the mix format and measured. */
export interface VoiceOverInputs {
  /** Digest of the author's file (its bytes, whatever its name or format). */
  clip: string;
  sampleRate: number;
}

/** Word times of a clip whose engine gives none (a voice-over, flite, espeak-ng), aligned against festival. */
export interface AlignInputs {
  /** `kind/hash` of the clip's store entry (content-addressed already). */
  clip: string;
  /** The spoken texts the clip says, in order (a voice-over: its paragraph's sentences). */
  texts: string[];
  /** The reference voice and the aligner's version (src/narrate/align/). */
  aligner: string;
}

/** Code highlighted for the editor pane. */
export interface HighlightInputs {
  code: string;
  lang: string;
  theme: string;
  /** The highlighter and its version (its grammars decide the colors). */
  highlighter: string;
}

/** What every segment of a video shares: size, frame clock, encoder, capture. */
export interface VideoKeyParams {
  width: number;
  height: number;
  /** Ticks per second: every frame sits on this clock. */
  rate: number;
  /** A frame on every tick (`--fps`) rather than a frame per change. */
  cfr: boolean;
  /** The encoder's options exactly as ffmpeg gets them. */
  encoder: string[];
  capture: 'changes' | 'every-frame';
}

/** What the whole lesson contributes to every picture. */
export interface LessonLook {
  title: string;
  /** The course title (drawn on slides) and theme (the accent color). */
  courseTitle: string | null;
  theme: string | null;
  terminal: { cols: number; rows: number; prompt: string; theme: string };
  /** The course's `redact` patterns, when it has some (they change what opened files show). */
  redact?: string[];
}

/**
 * What a scene contributes to every picture of it, whatever the time: its kind and title, its slide
 * (compiled HTML and the bytes of its images), and ALL of its steps and files, because the stage
 * decides a desktop scene's layout, focus and tabs from the whole scene (a code block at the end of
 * a terminal-only scene makes every shot of it a split layout).
 */
export interface SceneLook {
  kind: 'slide' | 'desktop';
  title: string;
  heading: string | null;
  slide: { html: string; images: { to: string; digest: string }[] } | null;
  steps: unknown[];
  files: { path: string; shown: string; digest: string }[];
  code: { id: string; lang: string; code: string }[];
  /** A desktop scene resumes the terminal of the earlier ones: the digest of their steps and casts (null: nothing carried). */
  history: string | null;
}

/** A cue as a shot's key sees it (plan-shots decides): times relative to the shot, or only its identity once done. */
export type ShotCue = Record<string, unknown>;

/** One shot: a span of a scene captured and encoded into a segment. */
export interface ShotInputs {
  video: VideoKeyParams;
  /** Digest of the stage's code, styles, fonts and the libraries that draw (stageCodeDigest). */
  stage: string;
  lesson: LessonLook;
  scene: SceneLook;
  /** The shot's length in ms: a segment is drawn relative to its own start (frames on its own ticks). */
  duration: number;
  cues: ShotCue[];
}

/** The narration track of a lesson: clips at their offsets, levelled, normalized, encoded. */
export interface NarrationInputs {
  sampleRate: number;
  /** Length in ms. */
  duration: number;
  loudness: { target: number; truePeak: number };
  encoder: string[];
  /** `kind/hash` of each clip's store entry (content-addressed already) and its offset in samples. */
  clips: [string, number][];
}

/** The final files of a lesson's video: MP4, captions, poster. */
export interface OutputInputs {
  /** Segments in order: shot hash and the ticks of the lesson's clock it covers. */
  shots: [string, number][];
  narration: string;
  chapters: string;
  vtt: string;
  srt: string;
  poster: { shot: string; frame: 'first' | 'last' };
  container: string[];
}

/** The inputs of each kind, by kind. */
export interface ArtifactInputs {
  speech: SpeechInputs;
  'voice-over': VoiceOverInputs;
  align: AlignInputs;
  highlight: HighlightInputs;
  shot: ShotInputs;
  narration: NarrationInputs;
  output: OutputInputs;
}

/** The key of an artifact from its typed inputs. */
export function keyFor<K extends keyof ArtifactInputs>(kind: K, inputs: ArtifactInputs[K]): StoreKey {
  return artifactKey(kind, inputs);
}

const require = createRequire(import.meta.url);
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages whose code or files change what the stage draws. */
const STAGE_PACKAGES = ['shiki', 'marked', 'sanitize-html', 'asciinema-player', '@xterm/headless', '@xterm/addon-unicode11', 'reveal.js',
  '@fontsource/inter', '@fontsource/jetbrains-mono', '@fontsource/dejavu-mono', '@fontsource/noto-emoji', '@fontsource/noto-sans-kr',
  '@fontsource/noto-sans-sc', '@fontsource/noto-sans-symbols-2', '@azurity/pure-nerd-font'];

/** `name@version` of an installed package (`name@missing` when it is not there). */
export function packageVersion(name: string): string {
  try {
    let dir = dirname(require.resolve(name));
    for (;;) {
      const pj = join(dir, 'package.json');
      if (existsSync(pj)) {
        const p = JSON.parse(readFileSync(pj, 'utf8')) as { name?: string; version?: string };
        if (p.name === name) return `${name}@${p.version}`;
      }
      const up = dirname(dir);
      if (up === dir) return `${name}@?`;
      dir = up;
    }
  } catch {
    // Not installed: the digest says so, and changes when it is.
    return `${name}@missing`;
  }
}

let highlightDigest: string | null = null;

/**
 * Digest of the code that turns shiki's tokens into the editor's HTML lines (src/stage/highlight-code
 * and what it imports, editor-languages among them): a change there changes every highlighted
 * line, so it is part of each `highlight` key. Once per process.
 */
export function highlightCodeDigest(): string {
  highlightDigest ??= codeDigest(SRC, [srcModule('stage/highlight-code.ts')]);
  return highlightDigest;
}

let stageDigest: string | null = null;

/** The source of a module of src/ as this process runs it: `.ts` under tsx and vitest, `.js` in dist/. */
function srcModule(path: string): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return join(SRC, path.replace(/\.ts$/, ext));
}

/**
 * Digest of everything the stage draws with besides the course: the code that writes a stage page
 * (write-stage, and every module it imports, wherever in src/ it lives), the code that seeks and
 * captures it, the client script, CSS and fonts the page loads (stage-assets.ts), and the versions
 * of the packages that highlight, render markdown, draw terminals and ship the fonts. Once per
 * process: these are lessoncast's own files, not the author's.
 */
export function stageCodeDigest(): string {
  if (stageDigest) return stageDigest;
  const entries = ['stage/write-stage.ts', 'render/video/render-shot.ts', 'render/video/stage-driver.ts'].map(srcModule);
  const client = readdirSync(join(SRC, 'stage', 'client')).sort().map((f) => join(SRC, 'stage', 'client', f));
  stageDigest = contentDigest([...STAGE_PACKAGES.map(packageVersion), codeDigest(SRC, entries, client)].join('\n'));
  return stageDigest;
}
