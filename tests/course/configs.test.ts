/** The sample course's manifests are ones an apache pod, a centos pod and their NodePort service would really use. */
import { createHash } from 'node:crypto';
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
    // The SHA-256 of each seed script as the course author gave it (000_b8471b7a9e9c494b.txt and
    // 001_a536ac1ab6cd9f9f.txt): checked in every checkout, with no file outside the repository.
    const seeds: Record<string, string> = {
      'pod-to-pod-networking.md': '4cce7955c6f475eda14c36b694761c2b4bdd19ea9401cd57ae67dd9ee63e8f8e',
      'services-and-dns.md': '08f3cabac14a5ffae9daba684b8891e6c72cda7a6c1937ef20b9d2df62f129f4',
    };
    for (const [file, sha256] of Object.entries(seeds))
      expect(createHash('sha256').update(readFileSync(join(repoRoot, 'transcripts', file))).digest('hex'), file).toBe(sha256);
  });
});
