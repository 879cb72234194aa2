/** The findings a careful editor would mark on both seeds: exact code, line and column. */
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { lintLesson } from '../../src/lint/lint-lesson.ts';
import { seedCourse } from './seed-course.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

async function findings(slug: string, opts: { configs?: boolean; setup?: (root: string) => void } = {}) {
  const root = seedCourse(opts);
  roots.push(root);
  opts.setup?.(root);
  const course = await openCourse({ root });
  return lintLesson(course, await readLesson(course, slug));
}
const short = (ds: { code: string; line: number; column: number; severity: string }[]) => ds.filter((d) => d.severity !== 'info').map((d) => `${d.code} ${d.line}:${d.column}`);

describe('lint on the seeds', () => {
  it('pod-to-pod-networking (seed 001)', async () => {
    const d = await findings('pod-to-pod-networking');
    expect(short(d)).toEqual([
      'todo 3:1', // TODO: ....
      'structure-mismatch 6:1', // plan opens with vscode; the script opens with a slide
      'slide-missing 11:1', // no slides/pod-to-pod-networking.md
      'repeated-word 18:143', // using using
      'apostrophe 18:177', // it's own
      'no-output 25:1', // pwd
      'apostrophe 40:246', // So lets go ahead
      'bare-command 48:1', // kubectl get pods -o wide after output
      'no-output 48:1',
      'no-output 55:1', // kubectl exec ... -- curl http://xxxxxx
      'placeholder 55:14',
      'placeholder 55:33',
      'spelling 58:89', // successfuly
      'spelling 60:131', // gaurantee
      'punctuation-spacing 64:277', // book,you
      'repeated-sentence 64:374', // Using IP address(es) ... dialing/dialling
      'spelling 66:129', // adderss
    ]);
    expect(d.every((x) => x.severity !== 'error')).toBe(true);
    const rep = d.find((x) => x.code === 'repeated-sentence')!;
    expect(rep.message).toBe('sentence nearly repeats the one at line 64:316 (differs: address dialing → addresses dialling)');
    expect(d.find((x) => x.code === 'spelling' && x.line === 66)!.hint).toMatch(/^did you mean "address"/);
    expect(d.filter((x) => x.code === 'cast-synthesized').map((x) => x.line)).toEqual([25, 45, 48, 55]);
  });

  it('services-and-dns (seed 000)', async () => {
    const d = await findings('services-and-dns');
    expect(short(d)).toEqual([
      // "yamls" (6:156) is the plural of a word in cspell's lists: not flagged since those lists are used.
      'placeholder 9:6', // code ...
      'apostrophe 12:73', // Now lets go ahead
      'bare-command 20:1',
      'no-output 20:1',
      'spelling 25:51', // cento-os
      'no-output 29:1',
      'placeholder 29:14',
      'placeholder 29:33',
      'spelling 34:92', // gaurantee
      'spelling 38:102', // createing
      'placeholder 43:6', // code ...
      'placeholder 46:81', // port xx
      'no-output 50:1',
      'placeholder 50:18', // kubectl apply -f ...
      'apostrophe 53:44', // it's own
      'no-output 56:1',
      'placeholder 56:21', // curl....
      'spelling 67:117', // get's
      // "realtime" (67:133) is in cspell's software terms.
      'repeated-word 69:38', // the a
      'repeated-word 69:96', // the our
      'repeated-word 69:138', // update update
      'apostrophe 78:35', // Now lets do
      'apostrophe 80:6', // then lets curl
      'punctuation-spacing 92:55', // called :
    ]);
    expect(d.find((x) => x.line === 25)!.hint).toMatch(/^did you mean "centos"/);
    expect(d.find((x) => x.line === 67 && x.column === 117)!.hint).toMatch(/^did you mean "gets"/);
  });

  it('missing configs → missing-file errors at the path', async () => {
    const d = await findings('pod-to-pod-networking', { configs: false });
    expect(d.filter((x) => x.severity === 'error').map((x) => `${x.code} ${x.line}:${x.column}`)).toEqual(['missing-file 31:6', 'missing-file 33:6']);
  });

  it('slides present → no slide-missing; a recording turns a command into cast-recorded, a stray one is reported', async () => {
    const d = await findings('pod-to-pod-networking', {
      setup: (root) => {
        mkdirSync(join(root, 'slides'));
        writeFileSync(join(root, 'slides/pod-to-pod-networking.md'), '# Pod to pod networking\n');
        mkdirSync(join(root, 'recordings/pod-to-pod-networking'), { recursive: true });
        const cast = (cmd: string) => `${JSON.stringify({ version: 2, width: 80, height: 24, command: cmd })}\n[0.5, "o", "out\\r\\n"]\n`;
        writeFileSync(join(root, 'recordings/pod-to-pod-networking/01-pwd.cast'), cast('pwd'));
        writeFileSync(join(root, 'recordings/pod-to-pod-networking/09-other.cast'), cast('kubectl delete pod x'));
      },
    });
    expect(d.some((x) => x.code === 'slide-missing')).toBe(false);
    expect(d.find((x) => x.code === 'cast-recorded')).toMatchObject({ line: 25, message: 'cmd-1 `pwd` plays recordings/pod-to-pod-networking/01-pwd.cast' });
    expect(d.some((x) => x.code === 'no-output' && x.line === 25)).toBe(false);
    expect(d.filter((x) => x.code === 'unmatched-recording').map((x) => x.file)).toEqual(['recordings/pod-to-pod-networking/09-other.cast']);
  });
});
