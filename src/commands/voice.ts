/** `lessoncast voice <slug>`: the lesson's paragraph ids and text (a script to read a voice-over from), and which have clips. */
import { relative } from 'node:path';
import pc from 'picocolors';
import { openCourse, selectSlugs } from '../course.ts';
import { readLesson } from '../parse/read-lesson.ts';
import { lessonNarration } from '../types.ts';
import { findVoiceOvers, voiceOverDir, VOICE_OVER_EXTENSIONS } from '../narrate/voice-over.ts';
import { bindingState, writeBinding } from '../narrate/voice-over-bind.ts';
import { LessoncastError } from '../errors.ts';
import type { CommandContext } from './command-options.ts';

export interface VoiceOptions { json?: boolean; root?: string; accept?: string[] }

/** One paragraph of the voice-over script. */
export interface VoiceParagraph {
  id: string;
  /** Where the paragraph starts in the script. */
  line: number;
  /** What to read: the written text without markdown syntax. */
  text: string;
  /** The clip that replaces the synthetic voice, relative to the course root, or null. */
  clip: string | null;
  /** The words the clip was recorded for, when the paragraph's have changed since (lint: voice-over-stale). */
  recorded?: string;
}

/** Wraps text to `width` columns at spaces. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (cur && cur.length + 1 + word.length > width) { lines.push(cur); cur = word; }
    else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push(cur);
  return lines.length ? lines : [''];
}

/** Prints the table (or JSON); exit 0. */
export async function run(slug: string, opts: VoiceOptions, ctx: CommandContext): Promise<number> {
  const course = await openCourse({ root: opts.root });
  selectSlugs(course, [slug]);
  const lesson = await readLesson(course, slug);
  const clips = findVoiceOvers(course, slug);
  const rel = (f: string) => relative(course.root, f) || f;
  const dir = rel(voiceOverDir(course, slug));
  const narration = lessonNarration(lesson);
  for (const id of opts.accept ?? [])
    if (!clips.has(id) || !narration.some((n) => n.id === id))
      throw new LessoncastError('VOICE_OVER_MISSING', `--accept ${id}: ${slug} has no voice-over clip for a paragraph ${id}.`, `\`lessoncast voice ${slug}\` lists the paragraphs and their clips.`);
  // Each clip is bound to the words it was recorded for: now, if it has no binding yet, or if --accept says so.
  const paragraphs: VoiceParagraph[] = narration.map((n) => {
    const clip = clips.get(n.id);
    const p: VoiceParagraph = { id: n.id, line: n.pos.line, text: n.plain.replace(/\s+/g, ' ').trim(), clip: clip ? rel(clip.file) : null };
    if (!clip) return p;
    const b = bindingState(clip, n.plain);
    if (b.state !== 'current' && (b.state !== 'stale' || opts.accept?.includes(n.id))) writeBinding(clip.file, n.plain);
    else if (b.state === 'stale') p.recorded = b.recorded;
    return p;
  });
  const ids = new Set(narration.map((n) => n.id));
  const unmatched = [...clips.values()].filter((c) => !ids.has(c.id)).map((c) => rel(c.file));

  if (opts.json) {
    ctx.stdout.write(JSON.stringify({ slug, dir, formats: VOICE_OVER_EXTENSIONS, paragraphs, unmatched }, null, 2) + '\n');
    return 0;
  }

  const idWidth = Math.max(2, ...paragraphs.map((p) => p.id.length));
  const clipWidth = 4;
  const columns = ctx.stdout.columns && ctx.stdout.columns > 60 ? ctx.stdout.columns : 100;
  const textWidth = Math.max(30, columns - idWidth - clipWidth - 4);
  const out: string[] = [];
  out.push(pc.bold(`${'id'.padEnd(idWidth)}  ${'clip'.padEnd(clipWidth)}  text`));
  for (const p of paragraphs) {
    const lines = wrapText(p.text, textWidth);
    const mark = p.recorded ? pc.yellow('old'.padEnd(clipWidth)) : p.clip ? pc.green('yes'.padEnd(clipWidth)) : pc.dim('-'.padEnd(clipWidth));
    out.push(`${p.id.padEnd(idWidth)}  ${mark}  ${lines[0]}`);
    for (const l of lines.slice(1)) out.push(`${' '.repeat(idWidth)}  ${' '.repeat(clipWidth)}  ${l}`);
  }
  const withClips = paragraphs.filter((p) => p.clip).length;
  out.push('');
  out.push(`${paragraphs.length} paragraph(s), ${withClips} with a voice-over clip.`);
  out.push(pc.dim(`Record a paragraph as ${dir}/<id>.{${VOICE_OVER_EXTENSIONS.join(',')}}; it replaces the synthetic voice and the timeline follows its length.`));
  for (const u of unmatched) out.push(`${pc.yellow('warning')} ${u} names no paragraph of ${slug}; it is not used.`);
  for (const p of paragraphs.filter((x) => x.recorded))
    out.push(`${pc.yellow('warning')} ${p.clip} was recorded for other words: "${p.recorded}". Record it again, or keep it: lessoncast voice ${slug} --accept ${p.id}`);
  ctx.stdout.write(out.join('\n') + '\n');
  return 0;
}
