import { split, SentenceSplitterSyntax } from 'sentence-splitter';
const cases = [
 "In the last video we saw how containers talk using the loopback interface, 127.0.0.1. Another one? Yes!",
 "For example, e.g. the Google search, you use it's dns name, google.com. Next sentence here.",
 "Use names such as http://apache.localcluster rather than a random looking ip adderss. Ok.",
 "Dr. Smith went to Washington, i.e. the capital. He said \"hi.\" Then left...  And again.",
 "Here's `kubectl get pods -o wide`. And *bold.* Next.",
 "ip address can change",
 "a dns name google.com is informative. ",
 "So far so good.",
 "We use v1.2.3 here. Also 3.14 is pi. Mr. Jones agrees. The U.S. is big. OK",
];
let t0 = performance.now();
for (const c of cases) {
  const s = split(c).filter(n => n.type === SentenceSplitterSyntax.Sentence).map(n => n.raw);
  console.log('SS', JSON.stringify(s));
}
console.log('ss ms', performance.now()-t0);
const seg = new Intl.Segmenter('en', { granularity: 'sentence' });
t0 = performance.now();
for (const c of cases) console.log('IS', JSON.stringify([...seg.segment(c)].map(s => s.segment)));
console.log('is ms', performance.now()-t0);
const big = cases.join(' ');
t0 = performance.now(); for (let i=0;i<1000;i++) split(big); console.log('ss 1000x', performance.now()-t0);
t0 = performance.now(); for (let i=0;i<1000;i++) [...seg.segment(big)]; console.log('is 1000x', performance.now()-t0);
