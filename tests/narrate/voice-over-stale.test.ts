/**
 * A voice-over clip is bound to the words it was recorded for: the first build binds it, an edit of
 * the paragraph after its first six words (which keeps the paragraph's id) is a lint warning
 * naming the clip and a line of the build, `lessoncast voice --accept` keeps the clip, and a clip
 * recorded again binds anew. The clip is real speech (flite) standing in for a person's recording.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessoncast } from '../helpers/cli.ts';
import { bindingFile, firstChange, spokenWords } from '../../src/narrate/voice-over-bind.ts';

let root: string;
const clipId = 'services-give-pods-a-stable-name';
let clip: string;
const script = (tail: string) => `# DNS\n\n## Services\n\nServices give pods a stable name ${tail}\n`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lessoncast-stale-'));
  mkdirSync(join(root, 'transcripts'));
  writeFileSync(join(root, 'transcripts', 'dns.md'), script('that clients can find.'));
  writeFileSync(join(root, 'lessoncast.config.ts'), "export default { voice: { engine: 'flite' } };\n");
  mkdirSync(join(root, 'recordings', 'dns', 'voice'), { recursive: true });
  clip = join(root, 'recordings', 'dns', 'voice', `${clipId}.wav`);
  execFileSync('flite', ['-t', 'Services give pods a stable name that clients can find.', '-o', clip]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('voice-over bound to its words', () => {
  it('compares words, not punctuation or markup (pure)', () => {
    expect(spokenWords('Services *give* pods — a "stable" name!')).toEqual(['services', 'give', 'pods', 'a', 'stable', 'name']);
    expect(firstChange(['a', 'b', 'c', 'd'], ['a', 'x', 'y', 'd'])).toBe('"b c" → "x y" after word 1');
  });

  it('the first use binds the clip; an edit after the first six words is a warning naming the clip', () => {
    expect(existsSync(bindingFile(clip))).toBe(false);
    let r = lessoncast(['timeline', 'dns', '--json', '--root', root]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(bindingFile(clip), 'utf8'))).toMatchObject({ text: 'Services give pods a stable name that clients can find.' });
    const cue = JSON.parse(r.stdout).cues.find((c: { type: string }) => c.type === 'narration');
    expect(cue).toMatchObject({ engine: 'voice-over', voice: `recordings/dns/voice/${clipId}.wav` });
    r = lessoncast(['lint', 'dns', '--root', root]);
    expect(r.stdout + r.stderr).not.toContain('voice-over-stale');

    writeFileSync(join(root, 'transcripts', 'dns.md'), script('that every client in the cluster can resolve.'));
    r = lessoncast(['lint', 'dns', '--root', root]);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/transcripts\/dns\.md:5:1.*voice-over-stale/);
    expect(out).toContain(`recordings/dns/voice/${clipId}.wav was recorded for other words`);
    expect(out).toContain('"clients can find" → "every client in the cluster can resolve" after word 7');
    expect(out).toContain(`lessoncast voice dns --accept ${clipId}`);

    r = lessoncast(['voice', 'dns', '--root', root]);
    expect(r.stdout).toMatch(new RegExp(`^${clipId} +old `, 'm'));
  });

  it('--accept keeps the clip for the new words; recording it again binds it anew', () => {
    let r = lessoncast(['voice', 'dns', '--accept', clipId, '--root', root]);
    expect(r.code, r.stderr).toBe(0);
    r = lessoncast(['lint', 'dns', '--root', root]);
    expect(r.stdout + r.stderr).not.toContain('voice-over-stale');
    writeFileSync(join(root, 'transcripts', 'dns.md'), script('for clients.'));
    expect(lessoncast(['lint', 'dns', '--root', root]).stdout).toContain('voice-over-stale');
    execFileSync('flite', ['-t', 'Services give pods a stable name for clients.', '-o', clip]);
    r = lessoncast(['timeline', 'dns', '--json', '--root', root]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(bindingFile(clip), 'utf8')).text).toBe('Services give pods a stable name for clients.');
    expect(lessoncast(['lint', 'dns', '--root', root]).stdout).not.toContain('voice-over-stale');
    expect(lessoncast(['voice', 'dns', '--accept', 'nope', '--root', root]).stderr).toContain('--accept nope: dns has no voice-over clip');
  });
});
