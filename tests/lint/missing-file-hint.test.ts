/** `missing-file` names the nearest file there is (issue 22): a typo of the name, of the path, or the right name in another folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesUnder, missingFileRule, nearestFile } from '../../src/lint/rules/missing-file-rule.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';

const root = mkdtempSync(join(tmpdir(), 'lessoncast-missing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
for (const f of ['index.html', 'configs/pod.yml', 'configs/service.yml', 'web/site/app.js', 'build/index.html', 'node_modules/x/index.html', '.git/config']) {
  mkdirSync(join(root, f, '..'), { recursive: true });
  writeFileSync(join(root, f), 'x');
}

describe('missing-file: did you mean', () => {
  it('lists the course\'s files breadth first, without outputs, dependencies and hidden folders', () => {
    expect(filesUnder(root)).toEqual(['index.html', 'configs/pod.yml', 'configs/service.yml', 'web/site/app.js']);
  });

  it('finds a typo of the name, of a folder, the name in another folder; nothing for what is not near', () => {
    const files = filesUnder(root);
    expect(nearestFile('indx.html', files)).toBe('index.html');
    expect(nearestFile('configs/pdo.yml', files)).toBe('configs/pod.yml');
    expect(nearestFile('config/pod.yml', files)).toBe('configs/pod.yml');
    expect(nearestFile('pod.yml', files)).toBe('configs/pod.yml');
    expect(nearestFile('./web/site/ap.js', files)).toBe('web/site/app.js');
    expect(nearestFile('deployment.yaml', files)).toBeNull();
  });

  it('puts it in the hint of the finding, at the path', () => {
    const lesson = parseLesson('Open it.\n\n```bash\ncode indx.html\ncode deployment.yaml\n```\n', { file: 'transcripts/l.md', slug: 'l' });
    const found = missingFileRule(lesson, root);
    expect(found.map((d) => [d.code, d.line, d.column])).toEqual([['missing-file', 4, 6], ['missing-file', 5, 6]]);
    expect(found[0].hint).toMatch(/^did you mean `code index\.html`\?/);
    expect(found[1].hint).not.toMatch(/did you mean/);
  });
});
