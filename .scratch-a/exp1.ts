import { marked } from 'marked';
import { readFileSync } from 'node:fs';
const src = readFileSync('transcripts/pod-to-pod-networking.md','utf8');
const toks = marked.lexer(src);
let total = 0;
for (const t of toks) { total += t.raw.length; console.log(t.type, JSON.stringify(t.raw).slice(0,100), (t as any).lang ?? ''); }
console.log(total, src.length);
const t2 = marked.lexer('- a\n- b *c* `d`\n\n<!-- hi -->\ntext <!-- x --> more\n\n```bash\nfoo\n');
console.log(JSON.stringify(t2, null, 1).slice(0, 3000));
