import { describe, expect, it } from 'vitest';
import { normalizeWords, numbersToDigits, wordErrors } from '../../scripts/bench-narration.ts';

/** Scores a heard text against a written one as the benchmark does. */
const score = (written: string, heard: string) => {
  const e = wordErrors(normalizeWords(written), normalizeWords(heard));
  return e.s + e.d + e.i;
};

describe('bench:narration scoring (against the written narration)', () => {
  it('reads numbers, addresses, signs and spelled letters the same on both sides', () => {
    expect(score('the loopback interface, 127.0.0.1.', 'the loopback interface one two seven dot zero dot zero dot one')).toBe(0);
    expect(score('on port 80', 'on port eighty')).toBe(0);
    expect(score('the service 10.96.0.10', 'the service ten dot ninety six dot zero dot ten')).toBe(0);
    expect(score("the apache pod's IP", 'the apache pods i p')).toBe(0);
    expect(score('google.com', 'google dot com')).toBe(0);
    expect(score('OK, it worked', 'okay it worked')).toBe(0);
    expect(numbersToDigits(['one', 'hundred', 'twenty', 'seven', 'pods'])).toEqual(['1', '2', '7', 'pods']);
  });

  it('counts a compound written as one word and heard as two (or the reverse) as right', () => {
    expect(score('the loopback interface and a nodeport', 'the loop back interface and a node port')).toBe(0);
    expect(score('in real time', 'in realtime')).toBe(0);
  });

  it('scores the written word, so a respelling the recognizer likes does not score itself', () => {
    // The voice was told "koobernetties"; the reference is still the author's "kubernetes".
    expect(score('Kubernetes assigned it', 'koobernetties assigned it')).toBe(1);
    expect(score('no gaurantee', 'no guarantee')).toBe(1);
    expect(score('the centos pod', 'the sent o s pod')).toBe(2);
  });
});
