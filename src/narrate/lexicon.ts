/**
 * The pronunciation lexicon: written word → what the voice should say. Applied to speech only;
 * captions and notes keep the written text. Pure: the course file is read by read-lexicon.ts.
 */

import { pronounce, spokenText, type Lexicon, type PronounceOptions } from './pronounce.ts';

export type { Lexicon } from './pronounce.ts';

/** Built-in defaults for the field (Kubernetes, the shell, the web); a course file overrides them. */
export const BUILTIN_LEXICON: Readonly<Record<string, string>> = {
  'kubectl': 'kube control',
  // festival's own guess is "kyoo-ber-neets"; this spelling gives "koo-ber-net-eez".
  'kubernetes': 'koobernetties',
  'k8s': 'koobernetties',
  'kubelet': 'kube let',
  'kubeadm': 'kube admin',
  'minikube': 'mini kube',
  // festival's own reading of "kube" is "cube"; written here so that identifiers built on it say it the same.
  'kube': 'cube',
  'coredns': 'core D N S',
  'kubeconfig': 'kube config',
  'configmap': 'config map',
  'configmaps': 'config maps',
  'daemonset': 'daemon set',
  'statefulset': 'stateful set',
  'replicaset': 'replica set',
  'loadbalancer': 'load balancer',
  'externalname': 'external name',
  'iptables': 'I P tables',
  'resolv': 'resolve',
  'etcd': 'E T C D',
  'yaml': 'yammel',
  'yml': 'yammel',
  'yamls': 'yammels',
  'ymls': 'yammels',
  'json': 'jason',
  'pod-to-pod': 'pod to pod',
  'node-to-node': 'node to node',
  // "sent-oh-ess" said as one word, as people say it: spelled as the letters "cent O S", festival
  // gives each letter its own accent (the same sounds, the prosody of three spelled letters).
  'centos': 'sent oh ess',
  'cento-os': 'sent oh ess',
  'httpd': 'H T T P D',
  'http': 'H T T P',
  'https': 'H T T P S',
  'ip': 'I P',
  // An identifier ("pod id", "user id"): festival's own reading is the word "id" (ihd).
  'id': 'I D',
  'ips': "I P's",
  'dns': 'D N S',
  'url': 'U R L',
  'urls': "U R L's",
  'api': 'A P I',
  'apis': "A P I's",
  'cli': 'C L I',
  'cpu': 'C P U',
  'ssh': 'S S H',
  'tcp': 'T C P',
  'udp': 'U D P',
  'tls': 'T L S',
  'vm': 'V M',
  'vms': "V M's",
  'nginx': 'engine X',
  'nodeport': 'node port',
  'clusterip': 'cluster I P',
  'localcluster': 'local cluster',
  'localhost': 'local host',
  'svc': 'service',
  'vscode': 'V S code',
  'ctrl': 'control',
  'cmd': 'command',
  'pwd': 'P W D',
  'realtime': 'real time',
  'md': 'markdown',
  'sh': 'S H',
  'txt': 'text',
};

/** Builds a lexicon: built-ins, then each source in order (later entries win; keys are case-insensitive). */
export function buildLexicon(...sources: (Record<string, string> | Lexicon | undefined)[]): Lexicon {
  const out: Lexicon = new Map();
  for (const src of [BUILTIN_LEXICON, ...sources]) {
    if (!src) continue;
    const entries = src instanceof Map ? src.entries() : Object.entries(src);
    for (const [k, v] of entries) if (k.trim()) out.set(k.trim().toLowerCase(), v);
  }
  return out;
}

export { speakIp } from './pronounce.ts';

/**
 * The spoken form of a sentence: multi-word entries first ("smart phone" → ...), then each token:
 * its entry, else the pronunciation rules (src/narrate/pronounce.ts): an address, a URL, a path or
 * file name, a port, a version, a flag, an identifier, an acronym, or the word itself.
 */
export function toSpoken(text: string, lex: Lexicon, opts: PronounceOptions = {}): string {
  return spokenText(pronounce(text, lex, opts));
}
