import { describe, expect, it } from 'vitest';
import { buildLexicon, speakIp, toSpoken } from '../../src/narrate/lexicon.ts';
import { parseLexicon } from '../../src/narrate/read-lexicon.ts';

const lex = buildLexicon();

describe('toSpoken', () => {
  it('says the field\'s words with the built-in lexicon', () => {
    expect(toSpoken('Run kubectl apply with the YAML file.', lex)).toBe('Run kube control apply with the yammel file.');
    expect(toSpoken('in other words, pod-to-pod communication?', lex)).toBe('in other words, pod to pod communication?');
    expect(toSpoken('the centos pod and the cento-os pod', lex)).toBe('the sent oh ess pod and the sent oh ess pod');
    expect(toSpoken("the apache pod's ip address", lex)).toBe("the apache pod's I P address");
    expect(toSpoken('kubectl\'s output', lex)).toBe("kube control's output");
  });

  it('reads IP addresses octet by octet, keeping the sentence punctuation', () => {
    expect(speakIp('127.0.0.1')).toBe('one two seven dot zero dot zero dot one');
    expect(toSpoken('the loopback interface, 127.0.0.1.', lex)).toBe('the loopback interface, one two seven dot zero dot zero dot one.');
    expect(toSpoken('at 172.17.0.3:80 now', lex)).toBe('at one seven two dot seventeen dot zero dot three port 80 now');
  });

  it('reads file names, paths, host names and URLs', () => {
    expect(toSpoken('Open pod-httpd.yml now.', lex)).toBe('Open pod H T T P D dot yammel now.');
    expect(toSpoken('see configs/pod-centos.yml', lex)).toBe('see configs slash pod sent oh ess dot yammel');
    expect(toSpoken('its dns name, google.com.', lex)).toBe('its D N S name, google dot com.');
    expect(toSpoken('names such as http://apache.localcluster rather', lex)).toBe('names such as H T T P colon slash slash apache dot local cluster rather');
  });

  it('leaves ordinary words, compounds, decimals and abbreviations alone', () => {
    const s = 'Each pod gets an auto-assigned address, e.g. 1.5 times faster.';
    expect(toSpoken(s, lex)).toBe(s);
  });

  it('lets a course entry override a built-in and add phrases', () => {
    const course = buildLexicon({ kubectl: 'cube cuttle', 'smart phone': 'smartphone', GAURANTEE: 'guarantee' });
    expect(toSpoken('kubectl on my smart phone, no gaurantee', course)).toBe('cube cuttle on my smartphone, no guarantee');
  });

  it('separates words glued by a comma', () => {
    expect(toSpoken('address book,you dial', lex)).toBe('address book, you dial');
  });
});

describe('parseLexicon', () => {
  it('reads word → spoken form, lower-casing the words', () => {
    const { entries, diagnostics } = parseLexicon('Kubectl: kube control\nnginx: engine x\n', 'lexicon.yml');
    expect(diagnostics).toEqual([]);
    expect(entries).toEqual({ kubectl: 'kube control', nginx: 'engine x' });
  });

  it('reports bad entries with file:line:col and keeps the good ones', () => {
    const { entries, diagnostics } = parseLexicon('ok: fine\nbad:\nlist: [a, b]\nok: again\n', 'lexicon.yml');
    expect(entries).toEqual({ ok: 'again' });
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['lexicon-entry', 2, 1], ['lexicon-entry', 3, 1], ['lexicon-duplicate', 4, 1],
    ]);
  });

  it('reports a file that is not YAML or not a mapping', () => {
    expect(parseLexicon('a: [unclosed\n', 'l.yml').diagnostics[0]).toMatchObject({ code: 'lexicon-syntax', file: 'l.yml', severity: 'error' });
    expect(parseLexicon('- a\n- b\n', 'l.yml').diagnostics[0]).toMatchObject({ code: 'lexicon-not-a-map', line: 1 });
    expect(parseLexicon('', 'l.yml')).toEqual({ entries: {}, diagnostics: [] });
  });
});

describe('asciiText (festival and flite read ASCII only)', () => {
  it('turns typographic marks into plain ones and drops accents', async () => {
    const { asciiText } = await import('../../src/narrate/engines/ascii-text.ts');
    expect(asciiText('It’s — “fine”… café naïve 😀 end.')).toBe('It\'s, "fine"... cafe naive end.');
  });
});
