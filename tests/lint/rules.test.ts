/** Each lint rule on small scripts: what it flags and what it must leave alone. */
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import type { Lesson } from '../../src/types.ts';
import { proseOf } from '../../src/lint/prose-words.ts';
import { repeatedWordRule } from '../../src/lint/rules/repeated-word-rule.ts';
import { repeatedSentenceRule } from '../../src/lint/rules/repeated-sentence-rule.ts';
import { structureRule } from '../../src/lint/rules/structure-rule.ts';
import { placeholderRule } from '../../src/lint/rules/placeholder-rule.ts';
import { spellingRule } from '../../src/lint/rules/spelling-rule.ts';
import { apostropheRule } from '../../src/lint/rules/apostrophe-rule.ts';
import { punctuationSpacingRule } from '../../src/lint/rules/punctuation-spacing-rule.ts';
import { emptySceneRule, bareCommandRule } from '../../src/lint/rules/scene-rules.ts';
import { slideRule } from '../../src/lint/rules/slide-rule.ts';
import { spellCheckerFor } from '../../src/lint/spell-checker.ts';
import { repoRoot } from './seed-course.ts';

const parse = (src: string) => parseLesson(src, { file: 't.md', slug: 't' });
const prose = (l: Lesson) => l.scenes.flatMap((s) => s.items.filter((i) => i.type === 'narration' || i.type === 'popup').map((i) => proseOf(i as never)));
const at = (ds: { line: number; column: number }[]) => ds.map((d) => `${d.line}:${d.column}`);

describe('repeated-word', () => {
  it('flags doubled words and two articles, across a line break too; leaves "had had", sentence ends and code alone', () => {
    const l = parse('We update update it. She had had enough. Go. Go on.\nthe\nthe end. Use `a a` here. See the A record and the a pod.');
    expect(repeatedWordRule(prose(l), 't.md').map((d) => [d.message, d.line, d.column])).toEqual([
      ['"update update": word repeated', 1, 11], ['"the the": word repeated', 3, 1], ['"the a": two determiners in a row', 3, 47],
    ]);
  });
});

describe('repeated-sentence', () => {
  it('flags exact and near repeats (one word spelled differently), not short or different sentences', () => {
    const l = parse('The pod gets a new address. Something else entirely here.\n\nThe pod gets a new adress. Ok. Ok. The pod gets an old name now.');
    expect(repeatedSentenceRule(l).map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['3:1 sentence nearly repeats the one at line 1:1 (differs: address → adress)']);
  });
});

describe('structure-mismatch', () => {
  it('points at the plan line with no section and at the section missing from the plan', () => {
    const l = parse('Structure:\nvscode\n-> powerpoint intro\n-> vscode\n\n## powerpoint\n\nA.\n\n## vscode\n\nB.\n\n## powerpoint\n\nC.');
    expect(structureRule(l).map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '2:1 the Structure plan has a desktop scene "vscode" that no section matches (sections: powerpoint → vscode → powerpoint)',
      '14:1 section "powerpoint" is not in the Structure plan',
    ]);
        expect(structureRule(parse('Structure:\n-> powerpoint\n-> vscode\n\n## powerpoint slide\n\nA.\n\n## vscode\n\nB.'))).toEqual([]);
  });
});

describe('placeholder', () => {
  it('flags command, path and narration placeholders, not an ellipsis in prose', () => {
    const l = parse('Set port xx here... and wait.\n\n```bash\ncode ...\nkubectl logs <pod>\n```');
    expect(placeholderRule(l, prose(l)).map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '4:6 placeholder "..." in `code ...`', '5:14 placeholder "<pod>" in command `kubectl logs <pod>`', '1:10 placeholder "xx" in narration',
    ]);
  });
});

describe('spelling', () => {
  it('flags typos with suggestions; skips course words, code, URLs, IPs, host and file names, acronyms, identifiers', async () => {
    const checker = await spellCheckerFor(repoRoot);
    const l = parse('Kubectl and kubernetes run httpd on centos. Use `kubctl`, http://exmple.com, 127.0.0.1, google.com, pod.yml, DNS, ClusterIP, v1beta1 and pod-to-pod. A gaurantee.\n\n```popup\nsee the adress\n```');
    expect(spellingRule(prose(l), 't.md', checker).map((d) => `${d.line}:${d.column} ${d.message} ${d.hint?.split('?')[0]}`)).toEqual([
      '1:152 "gaurantee" is not in the dictionary did you mean "guarantee"', '4:9 "adress" is not in the dictionary did you mean "address", "dress"',
    ]);
  });
  it('reads config words and the course word list', async () => {
    const checker = await spellCheckerFor(repoRoot, ['frobnicate']);
    expect(checker.correct('frobnicate')).toBe(true);
    expect(checker.correct('execcing')).toBe(true); // only in course-words.txt
    expect((await spellCheckerFor('/nonexistent')).correct('execcing')).toBe(false);
  });
  it("knows the field's words from cspell's lists (a Kubernetes course gets no noise for its own words)", async () => {
    const checker = await spellCheckerFor('/nonexistent');
    for (const w of ['Kubernetes', 'kubelet', 'apache', 'centos', 'nameserver', 'nameservers', 'lookups', 'kubectl', 'minikube', 'nginx', 'etcd'])
      expect(checker.correct(w), w).toBe(true);
    for (const w of ['gaurantee', 'adderss', 'kubelett', 'os']) expect(checker.correct(w), w).toBe(false);
  });
});

describe('apostrophe and punctuation-spacing', () => {
  it('flags "it\'s own" and a sentence opening with "lets", not "it lets you"', () => {
    const l = parse("It gets it's own IP. So lets go. Lets see. Then, lets curl it. Kubernetes lets you do it.");
    expect(at(apostropheRule(prose(l), 't.md'))).toEqual(['1:9', '1:25', '1:34', '1:50']);
  });
  it('flags a missing space after a comma and a space before punctuation, not numbers or URLs', () => {
    const l = parse('Pick a name,like this. Called : here. We have 1,000 pods at http://a.b/c,d ok? Yes .');
    expect(at(punctuationSpacingRule(prose(l), 't.md'))).toEqual(['1:12', '1:30']);
  });
});

describe('scene rules', () => {
  it('empty-scene and bare-command', () => {
    const l = parse('## vscode\n\n## powerpoint\n\nText.\n\n```bash\n$ kubectl get pods\nNAME\nkubectl get svc\n```\n\n```bash\nkubectl get nodes\n```');
    expect(at(emptySceneRule(l))).toEqual(['1:1']);
    expect(bareCommandRule(l).map((d) => `${d.line}:${d.column} ${d.hint}`)).toEqual(['10:1 write "$ kubectl get svc" to say so']);
  });
  it('slide-missing: the n-th slide scene takes the n-th slide', () => {
    const l = parse('## slide\n\nA.\n\n## vscode\n\nB.\n\n## slide\n\nC.');
    expect(at(slideRule(l, null, 'slides/t.md'))).toEqual(['1:1', '9:1']);
    expect(at(slideRule(l, '# One\n---\n# Two\n', 'slides/t.md'))).toEqual([]);
    expect(slideRule(l, '# One\n---\n\n', 'slides/t.md').map((d) => `${d.line} ${d.message}`)).toEqual(['9 slide scene 2 has no slide 2 in slides/t.md (it has 1)']);
  });
});
