/** The sample course's manifests are ones an apache pod, a centos pod and their NodePort service would really use. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';

const load = (f: string) => parse(readFileSync(join(repoRoot, 'configs', f), 'utf8'));

describe('sample course configs/', () => {
  const httpd = load('pod-httpd.yml');
  const centos = load('pod-centos.yml');
  const svc = load('svc-nodeport-httpd.yml');

  it('are the pods the seed lesson applies, by the names its output shows', () => {
    expect([httpd.apiVersion, httpd.kind, httpd.metadata.name]).toEqual(['v1', 'Pod', 'pod-httpd']);
    expect([centos.apiVersion, centos.kind, centos.metadata.name]).toEqual(['v1', 'Pod', 'pod-centos']);
    expect(httpd.spec.containers[0].image).toMatch(/^httpd:/);
    expect(httpd.spec.containers[0].ports[0].containerPort).toBe(80);
    // A centos container exits at once unless it runs something long-lived.
    expect(centos.spec.containers[0].command.join(' ')).toMatch(/sleep/);
  });

  it('has a NodePort service that selects the apache pod', () => {
    expect([svc.kind, svc.metadata.name, svc.spec.type]).toEqual(['Service', 'svc-nodeport-httpd', 'NodePort']);
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(httpd.metadata.labels[k]).toBe(v);
    const port = svc.spec.ports[0];
    expect(port.nodePort).toBeGreaterThanOrEqual(30000);
    expect(port.nodePort).toBeLessThanOrEqual(32767);
    expect(httpd.spec.containers[0].ports.map((p: { name: string }) => p.name)).toContain(port.targetPort);
  });

  it('seed transcripts are the reference input, byte for byte', () => {
    const pairs = [['pod-to-pod-networking.md', '001_a536ac1ab6cd9f9f.txt'], ['services-and-dns.md', '000_b8471b7a9e9c494b.txt']];
    for (const [mine, seed] of pairs) {
      const seedPath = join(repoRoot, '..', 'shared', 'seeds', seed);
      let original: Buffer;
      try { original = readFileSync(seedPath); } catch { continue; } // shared/ sits beside the clone in CI and here
      expect(readFileSync(join(repoRoot, 'transcripts', mine)).equals(original)).toBe(true);
    }
  });
});
