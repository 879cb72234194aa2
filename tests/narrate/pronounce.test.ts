import { describe, expect, it } from 'vitest';
import { buildLexicon, toSpoken } from '../../src/narrate/lexicon.ts';
import { identifierParts, pronounce, speakAcronym, speakIp, spokenText } from '../../src/narrate/pronounce.ts';

const lex = buildLexicon();
const say = (text: string, l = lex) => toSpoken(text, l);

describe('pronunciation rules, one by one (speech only)', () => {
  it('CamelCase identifiers are said as their words, acronym parts spelled', () => {
    expect(say('a NodePort service')).toBe('a node port service');
    expect(say('the ClusterIP')).toBe('the cluster I P');
    expect(say('CoreDNS answers')).toBe('core D N S answers');
    expect(say('a LoadBalancer, a ConfigMap and a ReplicaSet')).toBe('a load balancer, a config map and a replica set');
    expect(say('HTTPServer on IPv4')).toBe('H T T P server on I P v 4');
    expect(identifierParts('JSONPath')).toEqual(['JSON', 'Path']);
  });

  it('kebab-case and snake_case identifiers are said part by part when a part needs it', () => {
    expect(say('the kube-system namespace')).toBe('the cube system namespace');
    expect(say('svc-nodeport-httpd')).toBe('service node port H T T P D');
    expect(say('max_surge')).toBe('max surge');
    // Ordinary compounds stay as written: the engine reads them well.
    expect(say('auto-assigned')).toBe('auto-assigned');
  });

  it('acronyms are spelled, except those said as words and capitals written for emphasis', () => {
    expect(say('DNS, IP, TCP, CPU and URL')).toBe('D N S, I P, T C P, C P U and U R L');
    expect(say('YAML, NGINX and JSON')).toBe('yammel, engine X and jason');
    expect(say('a CIDR range')).toBe('a cider range');
    expect(say('Do NOT use IPs or APIs.')).toBe("Do not use I P's or A P I's.");
    expect(speakAcronym('HTTPS')).toBe('H T T P S');
    expect(speakAcronym('IMPORTANT')).toBe('important');
    expect(speakAcronym('EC2')).toBe('E C 2');
    expect(speakAcronym('Pod')).toBeUndefined();
  });

  it('versions: v-numbers and three-part numbers, not decimals', () => {
    expect(say('on v1.31.0 now')).toBe('on version 1 point 31 point 0 now');
    expect(say('release 1.30.2-rc.1.')).toBe('release 1 point 30 point 2 R C 1.');
    expect(say('kubectl v2')).toBe('kube control version 2');
    expect(say('1.5 times')).toBe('1.5 times');
  });

  it('command flags: dashes said, short flags spelled, values after "equals"', () => {
    expect(say('add -o wide')).toBe('add dash O wide');
    expect(say('use --namespace')).toBe('use dash dash namespace');
    expect(say('run -it here')).toBe('run dash I T here');
    expect(say('--dry-run=client')).toBe('dash dash dry run equals client');
  });

  it('paths and file names: slashes and dots said, path words and extensions known', () => {
    expect(say('open /etc/resolv.conf.')).toBe('open slash E T C slash resolve dot conf.');
    expect(say('apply pod-httpd.yml')).toBe('apply pod H T T P D dot yammel');
    expect(say('see configs/pod-centos.yml')).toBe('see configs slash pod sent oh ess dot yammel');
    expect(say('in ~/.kube/config')).toBe('in tilde slash dot cube slash config');
    expect(say('run setup.sh')).toBe('run setup dot S H');
  });

  it('ports and protocols', () => {
    expect(say('listens on 80/TCP')).toBe('listens on 80 slash T C P');
    expect(say('53/udp, 80:30080/TCP')).toBe('53 slash U D P, 80 colon 30080 slash T C P');
    expect(say('localhost:8080 and :443')).toBe('local host port 8080 and port 443');
  });

  it('IP addresses and CIDR ranges, octets as people read them', () => {
    expect(say('the service 10.96.0.10.')).toBe('the service ten dot ninety six dot zero dot ten.');
    expect(say('pods get 10.244.0.0/16')).toBe('pods get ten dot two four four dot zero dot zero slash 16');
    expect(speakIp('127.0.0.1')).toBe('one two seven dot zero dot zero dot one');
    expect(speakIp('172.17.0.3:80')).toBe('one seven two dot seventeen dot zero dot three port 80');
  });

  it('the course lexicon wins over the rules, for a whole token and for its parts', () => {
    const course = buildLexicon({ coredns: 'core D N S server', kube: 'koob', etc: 'et see', NodePort: 'node-port' });
    expect(say('CoreDNS', course)).toBe('core D N S server');
    expect(say('kube-system', course)).toBe('koob system');
    expect(say('/etc/resolv.conf', course)).toBe('slash et see slash resolve dot conf');
    expect(say('NodePort', course)).toBe('node-port');
  });

  it('maps every expansion back to the one written token it came from', () => {
    const parts = pronounce('The CoreDNS pod, on 10.96.0.10 — my smart phone, book,you', buildLexicon({ 'smart phone': 'smartphone' }));
    expect(parts).toEqual([
      { written: ['The'], spoken: 'The' },
      { written: ['CoreDNS'], spoken: 'core D N S' },
      { written: ['pod'], spoken: 'pod,' },
      { written: ['on'], spoken: 'on' },
      { written: ['10.96.0.10'], spoken: 'ten dot ninety six dot zero dot ten' },
      { written: [], spoken: '—' },
      { written: ['my'], spoken: 'my' },
      { written: ['smart', 'phone'], spoken: 'smartphone,' },
      { written: ['book,you'], spoken: 'book, you' },
    ]);
    expect(spokenText(parts)).toBe('The core D N S pod, on ten dot ninety six dot zero dot ten — my smartphone, book, you');
  });

  it('rules: false is the lexicon alone (the benchmark baseline)', () => {
    expect(toSpoken('NodeLocal in kube-system on 80/TCP with kubectl', lex, { rules: false })).toBe('NodeLocal in kube-system on 80/TCP with kube control');
  });
});
