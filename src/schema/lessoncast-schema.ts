/**
 * The one schema (zod) of what an author writes besides the script itself: `lessoncast.config.*`
 * and a script's frontmatter. It is the only place a key, its type, its default and its limits
 * live: the TypeScript type of the config (`LessoncastConfig`), the published JSON Schema
 * (`jsonSchemas`, docs/config.md), the findings of `lint`, `doctor` and `build` (validate-schema.ts)
 * and the values the pipeline reads all come from it. Whatever the schema accepts, the build takes.
 */
import * as z from 'zod';
import type { SpeechEngine } from '../narrate/speech-engine.ts';
import { STAGE_HEIGHT, STAGE_WIDTH } from '../stage/terminal-layout.ts';
import { HEX_COLOR, THEME_NAMES } from '../stage/themes.ts';
import { FPS_RANGE } from './ranges.ts';
import { patternError } from '../secrets/redact-secrets.ts';

/** lint's `quiet-stretch` limit when the config sets none, seconds (config `lint.quietStretch`; docs/lint.md). */
export const DEFAULT_QUIET_STRETCH = 6;
import { SHAPE_RATIOS, shapeOfSize } from '../stage/stage-shape.ts';

/** The camera (docs/stage.md, "The camera"): `auto` frames what is in use, `off` keeps the whole stage in view. */
export const CAMERA_MODES = ['auto', 'off'] as const;

/** How narration and terminal steps share time (frontmatter and config `pace`; docs/timeline.md). */
export const PACE_VALUES = ['natural', 'sequential', 'overlap'] as const;
export type Pace = (typeof PACE_VALUES)[number];
/** The pace of a lesson that names none (and of a course config that names none). */
export const DEFAULT_PACE: Pace = 'natural';

/** Speech engines lessoncast ships (src/narrate/engines/index.ts builtinEngines; a test keeps the two equal). */
export const BUILTIN_ENGINE_NAMES = ['festival', 'flite', 'espeak-ng', 'piper', 'openai', 'elevenlabs', 'azure'] as const;
/** Names people type for a built-in engine. */
export const ENGINE_ALIASES: Readonly<Record<string, string>> = { espeak: 'espeak-ng' };

/** Default loudness target of the narration track, LUFS integrated (docs/video.md): the usual target for speech published online. */
export const DEFAULT_LOUDNESS = -16;
/** Default true-peak ceiling of the narration track, dBTP. */
export const DEFAULT_TRUE_PEAK = -1;
/** The loudness targets the narration may be given, LUFS. */
export const LOUDNESS_RANGE = { min: -40, max: -5 } as const;
/** The true-peak ceilings it may be given, dBTP. */
export const TRUE_PEAK_RANGE = { min: -9, max: 0 } as const;

/** Default frame clock: 30 ticks per second (docs/video.md). */
export const DEFAULT_TICK_RATE = 30;
/** Frame clocks and constant frame rates a video may have (also `--fps`, checked by cli.ts with the same constant). */
export { FPS_RANGE } from './ranges.ts';
/** Video sizes: H.264 4:2:0 needs even numbers; 8K is the largest a level (6.2) allows. */
export const VIDEO_WIDTH_RANGE = { min: 90, max: 7680 } as const;
export const VIDEO_HEIGHT_RANGE = { min: 90, max: 7680 } as const;
/** The default video size: the stage's own. */
export const DEFAULT_VIDEO_SIZE = { width: STAGE_WIDTH, height: STAGE_HEIGHT } as const;

/** How lessoncast types a command (config and frontmatter `typing`; docs/casts.md, "Typing"). */
export interface TypingSettings {
  /** Characters a second, on average (the keys jitter around it, seeded). */
  speed: number;
  /** The keys of one command take at most this long (seconds): a longer command is typed faster. */
  maxSeconds: number;
  /** A command of more characters than this is pasted whole rather than typed. */
  pasteOver: number;
}

/**
 * Thirteen characters a second, the reference pace of src/casts/type-command.ts, so a short command
 * types as it always did; no command's keys take longer than 3 s (a 90-character commit took 8.3 s);
 * past 80 characters, a line that wraps on an 80-column terminal, the command is pasted.
 */
export const DEFAULT_TYPING: Readonly<TypingSettings> = { speed: 13, maxSeconds: 3, pasteOver: 80 };

/** Every pause the schedule inserts, seconds (docs/timeline.md). The first four are the ones authors tune most. */
export interface Pauses {
  /** Between two narration paragraphs. */
  paragraph: number;
  /** After narration, before a terminal block's first step. */
  beforeTerminal: number;
  /** After a terminal block's last step (time to read the output). */
  afterTerminal: number;
  /** A slide scene stays this long after its last narration. */
  slideEnd: number;
  /** Before the first cue of the video. */
  leadIn: number;
  /** After the last cue of the video. */
  tail: number;
  /** Between two steps of one terminal block. */
  betweenSteps: number;
  /** The least time a popup stays up; its scene waits for it (docs/timeline.md, "Pacing"). */
  popup: number;
  /** Reading time per word of a popup: a longer popup stays `popupPerWord` × its words when that is more than `popup`. */
  popupPerWord: number;
  /** Hold after `code <path>` so the viewer sees the file. */
  openFile: number;
  /** Hold after a focus change. */
  focusTerminal: number;
  /** Hold after clearing the terminal. */
  clear: number;
  /** Hold after a code block appears in the editor. */
  code: number;
}

/** Defaults chosen by watching the seed videos: enough to read output, not enough to drag. */
export const DEFAULT_PAUSES: Readonly<Pauses> = {
  paragraph: 0.6,
  beforeTerminal: 0.4,
  afterTerminal: 1.2,
  slideEnd: 1.0,
  leadIn: 0.5,
  tail: 1.0,
  betweenSteps: 0.5,
  popup: 4.0,
  popupPerWord: 0.4,
  openFile: 2.5,
  focusTerminal: 0.4,
  clear: 0.3,
  code: 2.0,
};

/**
 * Where `pace: natural` (the default) pauses otherwise: a person leaves about half a second between
 * paragraphs (festival's clips already hold ~0.3 s of silence at their edges, so 0.3 here is ~0.6 s
 * heard) and starts talking about a command's output as it appears, reading it while speaking.
 */
export const NATURAL_PAUSES: Readonly<Partial<Pauses>> = {
  paragraph: 0.3,
  afterTerminal: 0.6,
};

/** The longest pause any key may be given, seconds: a longer one is a typo (ms for s), not a pause. */
const MAX_PAUSE = 600;

const seconds = (what: string) => z.number().min(0).max(MAX_PAUSE).describe(`${what}, seconds`);
const positiveInt = z.int().positive();
const between = (r: { min: number; max: number }) => z.number().min(r.min).max(r.max);
const evenInt = (r: { min: number; max: number }) => z.int().min(r.min).max(r.max).refine((n) => n % 2 === 0, { message: 'must be an even number (H.264 4:2:0)' });

const validSize = (n: number, r: { min: number; max: number }) => Number.isInteger(n) && n >= r.min && n <= r.max && n % 2 === 0;

/** Regular expressions a course writes as strings: `"source"` or `"/source/flags"` (docs/config.md). */
const patternList = (what: string) => z.array(z.string().min(1).superRefine((source, ctx) => {
  const problem = patternError(source);
  if (problem) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(source)} is not a usable regular expression: ${problem}` });
})).describe(what);

const pauseKeys = Object.keys(DEFAULT_PAUSES) as (keyof Pauses)[];
const pausesSchema = z.strictObject(Object.fromEntries(pauseKeys.map((k) => [k, seconds(`pause ${k} (default ${DEFAULT_PAUSES[k]})`).optional()])) as Record<keyof Pauses, z.ZodOptional<z.ZodNumber>>)
  .describe('Pauses and holds of the video schedule in seconds (docs/timeline.md)');

const typingSchema = z.strictObject({
  speed: z.number().positive().max(1000).describe(`Characters typed a second, on average (default ${DEFAULT_TYPING.speed})`).optional(),
  maxSeconds: z.number().positive().max(60).describe(`The keys of one command take at most this long, seconds: a longer command is typed faster (default ${DEFAULT_TYPING.maxSeconds})`).optional(),
  pasteOver: z.int().min(0).describe(`A command of more characters than this is pasted whole rather than typed (default ${DEFAULT_TYPING.pasteOver})`).optional(),
}).describe('How commands are typed on screen (docs/casts.md, "Typing")');

const voiceSchema = z.strictObject({
  engine: z.string().min(1).describe("Speech engine: 'piper' (neural, the default when a voice is installed), 'festival' (the default otherwise), 'flite', 'espeak-ng', 'openai', 'elevenlabs', 'azure', or a name under `engines`").optional(),
  voice: z.string().min(1).describe("The engine's voice name (piper: an installed voice such as 'en_US-joe-medium', `lessoncast voices list`; festival: 'cmu_us_slt_arctic_hts')").optional(),
  rate: z.number().positive().describe('Speaking rate multiplier, 1 = the engine default').optional(),
  pitch: z.number().describe('Pitch shift in semitones (engines that support it)').optional(),
}).describe('Default voice of every lesson');

// A speech engine is code (functions): checked by shape, not representable in JSON Schema.
const engineSchema = z.custom<SpeechEngine>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { synthesize?: unknown }).synthesize === 'function' && typeof (v as { check?: unknown }).check === 'function',
  { message: 'must be a speech engine made with defineEngine({ name, defaultVoice, check, synthesize })' },
);

/** `lessoncast.config.ts` (or .mts/.mjs/.js/.json): every key optional. */
export const configSchema = z.strictObject({
  // A lessoncast.config.json names the published JSON Schema here, so editors complete and check it.
  $schema: z.string().describe('The JSON Schema of this file (lessoncast/dist/schema/config.schema.json)').optional(),
  title: z.string().describe('Course title shown on the site index').optional(),
  voice: voiceSchema.optional(),
  engines: z.record(z.string(), engineSchema).describe("The course's own speech engines by name (defineEngine)").optional(),
  lexicon: z.string().min(1).describe('Pronunciation lexicon, relative to the course root (default lexicon.yml)').optional(),
  theme: z.string().describe(`Accent colour: ${THEME_NAMES.join(', ')}, or a #hex colour`).optional(),
  browser: z.string().min(1).describe('Chromium, Chrome or Edge executable (default: LESSONCAST_BROWSER, PUPPETEER_EXECUTABLE_PATH or CHROME_PATH, one on the system, then the browser cache of `lessoncast doctor --install-browser`)').optional(),
  pauses: pausesSchema.optional(),
  idleTimeLimit: z.number().positive().describe('Idle gaps of replayed casts are cut to this, seconds').optional(),
  words: z.array(z.string()).describe('Extra words the spell checker accepts').optional(),
  video: z.strictObject({
    width: evenInt(VIDEO_WIDTH_RANGE).describe(`Video width in pixels, even (default ${DEFAULT_VIDEO_SIZE.width}); with height 16:9, 9:16 or 1:1`).optional(),
    height: evenInt(VIDEO_HEIGHT_RANGE).describe(`Video height in pixels, even (default ${DEFAULT_VIDEO_SIZE.height})`).optional(),
    fps: z.int().min(FPS_RANGE.min).max(FPS_RANGE.max).describe('Constant frame rate (default: a frame per change)').optional(),
    tickRate: z.int().min(FPS_RANGE.min).max(FPS_RANGE.max).describe(`Ticks per second of the frame clock every frame sits on (default ${DEFAULT_TICK_RATE}; docs/video.md)`).optional(),
  }).superRefine((v, ctx) => {
    // The stage is drawn at another size by scaling the page, never by cropping or stretching it.
    const w = v.width ?? DEFAULT_VIDEO_SIZE.width;
    const h = v.height ?? DEFAULT_VIDEO_SIZE.height;
    // A size that is wrong on its own is that key's finding alone.
    if (!validSize(w, VIDEO_WIDTH_RANGE) || !validSize(h, VIDEO_HEIGHT_RANGE)) return;
    if (!shapeOfSize(w, h))
      ctx.addIssue({ code: 'custom', path: [], message: `${w}×${h} is not ${Object.values(SHAPE_RATIOS).join(', ')}, the shapes the stage lays itself out for, such as 1920×1080, 1080×1920 or 1080×1080` });
  }).describe('Video size and timing').optional(),
  audio: z.strictObject({
    loudness: between(LOUDNESS_RANGE).describe(`Narration loudness, LUFS integrated (default ${DEFAULT_LOUDNESS})`).optional(),
    truePeak: between(TRUE_PEAK_RANGE).describe(`True-peak ceiling, dBTP (default ${DEFAULT_TRUE_PEAK})`).optional(),
  }).describe('Narration loudness').optional(),
  jobs: positiveInt.describe('Shots and lessons rendered at once (default: one per core)').optional(),
  queue: z.string().regex(/^rediss?:\/\/[^\s/]+/, { message: 'must be a redis:// URL such as redis://127.0.0.1:6379' }).describe('Redis URL of the render queue (docs/scale.md)').optional(),
  cache: z.string().min(1).describe('Cache folder, shared by machines that build the same course (default build/.cache)').optional(),
  pace: z.enum(PACE_VALUES).describe('Default pace of every lesson').optional(),
  typing: typingSchema.optional(),
  lint: z.strictObject({
    quietStretch: z.number().positive().max(3600).describe(`lint warns about a stretch longer than this, seconds, with neither narration nor new output (default ${DEFAULT_QUIET_STRETCH}; docs/lint.md)`).optional(),
  }).describe('Limits of lint rules').optional(),
  redact: patternList("The course's own secrets, masked in casts, deck, video and site like the built-in ones (docs/security.md); a capture group masks only its text").optional(),
  check: z.strictObject({
    ignore: patternList('Parts of command output that `lessoncast check` and lint ignore when comparing it with the script (docs/check.md)').optional(),
  }).describe('lessoncast check (docs/check.md)').optional(),
  pdf: z.boolean().describe('Also print every deck to PDF on each build of the deck (as --pdf)').optional(),
  camera: z.enum(CAMERA_MODES).describe("The video's camera: 'auto' (default) frames the lines in use, 'off' shows the whole stage").optional(),
}).superRefine((config, ctx) => {
  if (config.theme !== undefined && !THEME_NAMES.includes(config.theme) && !HEX_COLOR.test(config.theme))
    ctx.addIssue({ code: 'custom', path: ['theme'], message: `theme ${JSON.stringify(config.theme)} is neither a theme name nor a #hex colour`, params: { choices: THEME_NAMES, value: config.theme } });
  const engine = config.voice?.engine;
  if (engine !== undefined) {
    const own = Object.keys(config.engines ?? {});
    const known = [...BUILTIN_ENGINE_NAMES, ...own];
    if (!known.includes(engine) && !(engine in ENGINE_ALIASES))
      ctx.addIssue({ code: 'custom', path: ['voice', 'engine'], message: `no speech engine ${JSON.stringify(engine)}`, params: { choices: [...known, ...Object.keys(ENGINE_ALIASES)], value: engine, aliases: ENGINE_ALIASES } });
  }
});

/** A script's YAML frontmatter: every key optional. */
export const frontmatterSchema = z.strictObject({
  // YAML reads `title: 2024` as a number: a title all the same.
  title: z.union([z.string(), z.number()]).describe('Lesson title (else the first H1, else the file name)').optional(),
  voice: z.string().min(1).describe("Voice: 'engine:voice', an engine name, or a voice of the course's engine").optional(),
  workdir: z.string().min(1).describe('Folder `code <path>` is relative to, itself relative to the course root').optional(),
  pace: z.enum(PACE_VALUES).describe('How narration and terminal steps share time').optional(),
  terminal: z.strictObject({
    cols: z.int().min(1).max(1000).describe('Terminal columns (default 80)').optional(),
    rows: z.int().min(1).max(1000).describe('Terminal rows (default 24)').optional(),
    prompt: z.string().describe("Prompt of synthesized casts (default '$ ')").optional(),
    theme: z.string().describe('Terminal colour theme (default dark)').optional(),
  }).describe('Terminal size, prompt and theme').optional(),
  typing: typingSchema.optional(),
  camera: z.enum(CAMERA_MODES).describe("The camera of this lesson's video: 'auto' or 'off' (overrides the config's)").optional(),
  rate: z.number().positive().describe("Speaking rate multiplier (overrides the config's)").optional(),
  pitch: z.number().describe("Pitch shift in semitones (overrides the config's)").optional(),
});

/** What a config file holds, as the schema reads it: the type of `lessoncast.config.ts` (`defineConfig`). */
export type ConfigInput = z.input<typeof configSchema>;
/** A checked config: what the pipeline reads (every key optional; defaults are the constants above). */
export type LessoncastConfig = z.output<typeof configSchema>;
/** What frontmatter holds, as the schema reads it. */
export type FrontmatterInput = z.output<typeof frontmatterSchema>;

/** The JSON Schemas published with the package (dist/schema/*.json; built by scripts/build-dist.ts). */
export function jsonSchemas(): Record<'config' | 'frontmatter', Record<string, unknown>> {
  const opts = { unrepresentable: 'any', io: 'input' } as const;
  return {
    config: { title: 'lessoncast.config', ...z.toJSONSchema(configSchema, opts) },
    frontmatter: { title: 'lessoncast lesson frontmatter', ...z.toJSONSchema(frontmatterSchema, opts) },
  };
}
