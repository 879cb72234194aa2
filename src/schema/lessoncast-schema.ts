/**
 * The one schema (zod) of what an author writes besides the script itself: `lessoncast.config.*`
 * and a script's frontmatter. Validation turns its issues into diagnostics (validate-schema.ts);
 * `z.toJSONSchema` of it is the JSON Schema published with the package (docs/config.md).
 */
import * as z from 'zod';
import { DEFAULT_PAUSES, type Pauses } from '../schedule/pauses.ts';
import { HEX_COLOR, THEME_NAMES } from '../stage/themes.ts';
import { SHAPE_RATIOS, shapeOfSize, SHAPE_SIZES } from '../stage/stage-shape.ts';

/** The camera (docs/stage.md, "The camera"): `auto` frames what is in use, `off` keeps the whole stage in view. */
export const CAMERA_MODES = ['auto', 'off'] as const;
/** Video sizes, pixels: the limits of `video.width` and `video.height` (H.264 level 6.2 reaches 8192). */
export const VIDEO_SIZE_LIMITS = { min: 144, max: 7680 } as const;

/** How narration and terminal steps share time (frontmatter and config `pace`; docs/timeline.md). */
export const PACE_VALUES = ['natural', 'sequential', 'overlap'] as const;
export type Pace = (typeof PACE_VALUES)[number];
/** The pace of a lesson that names none (and of a course config that names none). */
export const DEFAULT_PACE: Pace = 'natural';

/** Speech engines lessoncast ships (src/narrate/engines/index.ts builtinEngines; a test keeps the two equal). */
export const BUILTIN_ENGINE_NAMES = ['festival', 'flite', 'espeak-ng', 'openai'] as const;
/** Names people type for a built-in engine. */
export const ENGINE_ALIASES: Readonly<Record<string, string>> = { espeak: 'espeak-ng' };

/** Default loudness target of the narration track, LUFS integrated (docs/video.md). */
export const DEFAULT_LOUDNESS = -16;
/** Default true-peak ceiling of the narration track, dBTP. */
export const DEFAULT_TRUE_PEAK = -1;

const seconds = (what: string) => z.number().min(0).describe(`${what}, seconds`);
const positiveInt = z.int().positive();

const pauseKeys = Object.keys(DEFAULT_PAUSES) as (keyof Pauses)[];
const pausesSchema = z.strictObject(Object.fromEntries(pauseKeys.map((k) => [k, seconds(`pause ${k} (default ${DEFAULT_PAUSES[k]})`).optional()])) as Record<keyof Pauses, z.ZodOptional<z.ZodNumber>>)
  .describe('Pauses and holds of the video schedule in seconds (docs/timeline.md)');

const voiceSchema = z.strictObject({
  engine: z.string().min(1).describe("Speech engine: 'festival' (default), 'flite', 'espeak-ng', 'openai', or a name under `engines`").optional(),
  voice: z.string().min(1).describe("The engine's voice name (festival: 'cmu_us_slt_arctic_hts')").optional(),
  rate: z.number().positive().describe('Speaking rate multiplier, 1 = the engine default').optional(),
  pitch: z.number().describe('Pitch shift in semitones (engines that support it)').optional(),
}).describe('Default voice of every lesson');

// A speech engine is code (functions): checked by shape, not representable in JSON Schema.
const engineSchema = z.custom<{ check(): unknown; synthesize(): unknown }>(
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
  browser: z.string().min(1).describe('Chromium or Chrome executable').optional(),
  pauses: pausesSchema.optional(),
  idleTimeLimit: z.number().positive().describe('Idle gaps of replayed casts are cut to this, seconds').optional(),
  words: z.array(z.string()).describe('Extra words the spell checker accepts').optional(),
  video: z.strictObject({
    width: z.int().min(VIDEO_SIZE_LIMITS.min).max(VIDEO_SIZE_LIMITS.max).describe('Video width in pixels, even (default 1920); with height, 16:9, 9:16 or 1:1').optional(),
    height: z.int().min(VIDEO_SIZE_LIMITS.min).max(VIDEO_SIZE_LIMITS.max).describe('Video height in pixels, even (default 1080)').optional(),
    fps: positiveInt.describe('Constant frame rate (default: a frame per change)').optional(),
    tickRate: positiveInt.describe('Ticks per second of the frame clock every frame sits on (default 30; docs/video.md)').optional(),
  }).describe('Video size and timing').optional(),
  audio: z.strictObject({
    loudness: z.number().max(0).describe(`Narration loudness, LUFS integrated (default ${DEFAULT_LOUDNESS})`).optional(),
    truePeak: z.number().max(0).describe(`True-peak ceiling, dBTP (default ${DEFAULT_TRUE_PEAK})`).optional(),
  }).describe('Narration loudness').optional(),
  jobs: positiveInt.describe('Shots and lessons rendered at once (default: one per core)').optional(),
  queue: z.string().regex(/^rediss?:\/\/[^\s/]+/, { message: 'must be a redis:// URL such as redis://127.0.0.1:6379' }).describe('Redis URL of the render queue (docs/scale.md)').optional(),
  cache: z.string().min(1).describe('Cache folder, shared by machines that build the same course (default build/.cache)').optional(),
  pace: z.enum(PACE_VALUES).describe('Default pace of every lesson').optional(),
  camera: z.enum(CAMERA_MODES).describe("The video's camera: 'auto' (default) frames the lines in use, 'off' shows the whole stage").optional(),
}).superRefine((config, ctx) => {
  const video = config.video;
  if (video && (video.width !== undefined || video.height !== undefined)) {
    const w = video.width ?? SHAPE_SIZES.landscape.width, h = video.height ?? SHAPE_SIZES.landscape.height;
    // H.264 4:2:0 needs even sizes; the stage lays itself out for three shapes (docs/video.md).
    if (w % 2 || h % 2) ctx.addIssue({ code: 'custom', path: ['video', w % 2 ? 'width' : 'height'], message: `video size ${w}×${h} must be even numbers (H.264 4:2:0)` });
    else if (!shapeOfSize(w, h))
      ctx.addIssue({ code: 'custom', path: ['video', video.width !== undefined ? 'width' : 'height'], message: `video size ${w}×${h} is not ${Object.values(SHAPE_RATIOS).join(', ')} (e.g. 1920×1080, 1080×1920, 1080×1080)` });
  }
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
  camera: z.enum(CAMERA_MODES).describe("The camera of this lesson's video: 'auto' or 'off' (overrides the config's)").optional(),
  rate: z.number().positive().describe("Speaking rate multiplier (overrides the config's)").optional(),
  pitch: z.number().describe("Pitch shift in semitones (overrides the config's)").optional(),
});

/** What a config file holds, as the schema reads it. */
export type ConfigInput = z.input<typeof configSchema>;
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
