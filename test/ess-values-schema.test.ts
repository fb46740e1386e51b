import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateConfigSchemaFiles } from '../src/schemas/config-definitions.js';
import { CONFIG_SCHEMA_FILES, compileSchema, SCHEMA_DIR, type ConfigValidator } from '../src/schemas/config-schemas.js';
import { withoutNulls } from '../src/schemas/problems.js';
import { sharedAvailable, UPSTREAM } from './corpus.js';
import { countBy } from './helpers.js';

/**
 * fluxlint's schema of the matrix-stack 26.x values (src/schemas/definitions/matrix-stack.ts)
 * against the chart's own: the chart's CI values files must pass, and mutations of them
 * must get the verdict Helm's schema check gives.
 */

const FILE = CONFIG_SCHEMA_FILES['matrix-stack-26'];
const ESS = path.join(UPSTREAM, 'ess-helm');

type Json = null | boolean | number | string | Json[] | JsonMap;
type JsonMap = { [key: string]: Json };
type Path = (string | number)[];

const isMap = (value: unknown): value is JsonMap => typeof value === 'object' && value !== null && !Array.isArray(value);

let ours: ConfigValidator;
beforeAll(() => {
  const start = performance.now();
  ours = compileSchema(JSON.parse(readFileSync(path.join(SCHEMA_DIR, FILE), 'utf8')) as Record<string, unknown>);
  console.log(`${FILE}: compiled with fluxlint's Ajv options in ${(performance.now() - start).toFixed(0)} ms`);
});

describe('the matrix-stack 26 values schema', () => {
  it('is the file npm run schemas writes from the definitions', () => {
    expect(readFileSync(path.join(SCHEMA_DIR, FILE), 'utf8')).toBe(generateConfigSchemaFiles().get(FILE));
  });

  const errors = (values: JsonMap) => ours.validate(values).map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params }));

  it('accepts anything under global', () => {
    expect(errors({ global: { whatever: 1, baseDomain: 'example.com' } })).toEqual([]);
  });

  it('rejects a host on the well-known Ingress, which always serves serverName', () => {
    expect(errors({ wellKnownDelegation: { ingress: { host: 'example.com' } } })).toEqual([
      { instancePath: '/wellKnownDelegation/ingress', keyword: 'additionalProperties', params: { additionalProperty: 'host' } },
    ]);
  });

  it('rejects both a cluster issuer and an issuer', () => {
    expect(errors({ certManager: { clusterIssuer: 'a', issuer: 'b' } })).toEqual([
      { instancePath: '/certManager', keyword: 'maxProperties', params: { limit: 1 } },
    ]);
  });

  it('takes Element Web additional config as JSON strings, not as {config}', () => {
    expect(errors({ elementWeb: { additional: { 'user.json': '{}' } } })).toEqual([]);
    expect(errors({ elementWeb: { additional: { x: { config: '{}' } } } })).toEqual([
      { instancePath: '/elementWeb/additional/x', keyword: 'type', params: { type: 'string' } },
    ]);
  });

  it('checks additional config entries more strictly than the chart', () => {
    expect(errors({ synapse: { additional: { x: { config: 'a: 1' }, y: { configSecret: 's', configSecretKey: 'k' } } } })).toEqual([]);
    expect(errors({ synapse: { additional: { x: { config: { a: 1 } } } } })).toEqual([
      { instancePath: '/synapse/additional/x/config', keyword: 'type', params: { type: 'string' } },
    ]);
    expect(errors({ hookshot: { additional: { x: { config: 'a: 1', bogus: 1 } } } })).toEqual([
      { instancePath: '/hookshot/additional/x', keyword: 'additionalProperties', params: { additionalProperty: 'bogus' } },
    ]);
    expect(errors({ synapse: { additional: { x: { configSecret: 's' } } } })).toEqual([
      { instancePath: '/synapse/additional/x', keyword: 'required', params: { missingProperty: 'config' } },
      { instancePath: '/synapse/additional/x', keyword: 'required', params: { missingProperty: 'configSecretKey' } },
      { instancePath: '/synapse/additional/x', keyword: 'oneOf', params: { passingSchemas: null } },
    ]);
  });

  it('requires only what the chart defaults do not set', () => {
    // values.yaml sets livekitAuth.key and every worker's replicas.
    expect(errors({ matrixRTC: { livekitAuth: { secret: { value: 'x' } } }, synapse: { workers: { 'client-reader': { enabled: true } } } })).toEqual([]);
    expect(errors({ synapse: { postgres: { host: 'db', password: { secret: 's' } } } })).toEqual([
      { instancePath: '/synapse/postgres', keyword: 'required', params: { missingProperty: 'user' } },
      { instancePath: '/synapse/postgres', keyword: 'required', params: { missingProperty: 'database' } },
      { instancePath: '/synapse/postgres/password', keyword: 'required', params: { missingProperty: 'value' } },
      { instancePath: '/synapse/postgres/password', keyword: 'required', params: { missingProperty: 'secretKey' } },
      { instancePath: '/synapse/postgres/password', keyword: 'oneOf', params: { passingSchemas: null } },
    ]);
  });

  it('keeps the limits of the chart schema, and none where the chart misspells minimum', () => {
    expect(errors({ synapse: { replicas: 2, resources: { requests: { cpu: 0.5, memory: '100Mi' } } } })).toEqual([
      { instancePath: '/synapse/resources/requests/cpu', keyword: 'type', params: { type: ['integer', 'string'] } },
      { instancePath: '/synapse/replicas', keyword: 'maximum', params: { comparison: '<=', limit: 1 } },
    ]);
    expect(errors({ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone' }] })).toEqual([]);
  });

  it('needs a target label for a relabeling that replaces, the default action', () => {
    expect(errors({ synapse: { serviceMonitors: { relabelings: [{ sourceLabels: ['a'] }, { action: 'drop', regex: 'x' }] } } })).toEqual([
      { instancePath: '/synapse/serviceMonitors/relabelings/0', keyword: 'required', params: { missingProperty: 'targetLabel' } },
      { instancePath: '/synapse/serviceMonitors/relabelings/0', keyword: 'if', params: { failingKeyword: 'then' } },
    ]);
  });
});

describe.runIf(sharedAvailable(ESS))('the matrix-stack 26 values schema against the chart (ess-helm snapshot)', () => {
  let ciFiles: { name: string; values: JsonMap }[];
  let defaults: JsonMap;
  let upstream: (values: Json) => boolean;
  beforeAll(() => {
    const ci = path.join(ESS, 'ci');
    ciFiles = readdirSync(ci)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => ({ name, values: parse(readFileSync(path.join(ci, name), 'utf8')) as JsonMap }));
    defaults = parse(readFileSync(path.join(ESS, 'values.yaml'), 'utf8')) as JsonMap;
    // Helm ignores `format` in 2020-12 schemas (the chart's int64 is an annotation).
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(ESS, 'values.schema.json'), 'utf8')) as object);
    upstream = (values) => validate(coalesce(defaults, values));
  }, 120_000); // compiling the chart's schema (980 KB, every reference inlined) takes seconds

  /** Our verdict: the user's values alone, nulls removed, as fluxlint checks a HelmRelease. */
  const oursAccepts = (values: Json): boolean => ours.validate(withoutNulls(values)).length === 0;

  it('accepts every CI values file of the chart, and the example the mutations start from', () => {
    expect(ciFiles.length).toBe(75);
    const files = [...ciFiles, EXAMPLE];
    const rejected = files.filter((file) => !oursAccepts(file.values)).map((file) => `${file.name}: ${JSON.stringify(ours.validate(withoutNulls(file.values)))}`);
    expect(rejected).toEqual([]);
    expect(files.filter((file) => !upstream(file.values)).map((file) => file.name)).toEqual([]);
  });

  it('gives the verdict of the chart schema on mutations of the CI values', () => {
    const mutations = generateMutations(ciFiles, defaults, MUTATIONS_PER_KIND);
    const disagreements = new Map<string, { count: number; example: string }>();
    let agreed = 0;
    let rejectedByChart = 0;
    let deliberate = 0;
    for (const mutation of mutations) {
      const values = mutation.build();
      const theirs = upstream(values);
      const mine = oursAccepts(values);
      if (!theirs) rejectedByChart++;
      if (theirs === mine) {
        agreed++;
        continue;
      }
      const isDeliberate = insideAdditionalEntry(mutation.target);
      if (isDeliberate) deliberate++;
      const key = `${isDeliberate ? '(deliberate, excluded) ' : ''}${mutation.kind}: chart ${theirs ? 'accepts' : 'rejects'}, fluxlint ${mine ? 'accepts' : 'rejects'}, at ${generalised(mutation.target)}`;
      const entry = disagreements.get(key) ?? { count: 0, example: `${mutation.file}: ${mutation.description}` };
      entry.count++;
      disagreements.set(key, entry);
    }
    const counted = mutations.length - deliberate;
    const byKind = Object.entries(countBy(mutations.map((m) => m.kind))).map(([kind, n]) => `${kind} ${n}`);
    console.log(
      [
        `matrix-stack 26 mutation agreement: ${agreed}/${counted} = ${((100 * agreed) / counted).toFixed(2)}%`,
        `  ${mutations.length} mutations (${byKind.join(', ')}), ${rejectedByChart} rejected by the chart schema`,
        `  excluded ${deliberate} deliberate differences: inside additional entries, which fluxlint closes and type-checks`,
        ...[...disagreements].map(([key, { count, example }]) => `  ${count}× ${key} (e.g. ${example})`),
      ].join('\n'),
    );
    expect(counted).toBeGreaterThanOrEqual(500);
    // Measured: full agreement outside the one deliberate class (12 mutations inside `additional` entries).
    // Any new disagreement, or the deliberate class growing or vanishing, fails here with its key.
    expect([...disagreements.keys()].filter((key) => !key.startsWith('(deliberate, excluded) '))).toEqual([]);
    expect(agreed).toBe(counted);
    expect(deliberate).toBe(12);
  });
});

/** Helm's coalescing: maps merge recursively, the user's scalars and lists replace, a user null deletes. */
function coalesce(defaults: Json, user: Json): Json {
  if (!isMap(defaults) || !isMap(user)) return user;
  const merged: JsonMap = { ...defaults };
  for (const [key, value] of Object.entries(user)) {
    if (value === null) delete merged[key];
    else merged[key] = key in defaults ? coalesce(defaults[key]!, value) : value;
  }
  return merged;
}

// ---------------------------------------------------------------------------------------
// Mutations. Each changes one place of a CI values file, of a chart default the user writes
// out on top of a CI file, or of EXAMPLE: together they reach every key of the chart's
// schema, each shared piece in one component at least.

const MUTATIONS_PER_KIND = 350;
const UNKNOWN_KEY = 'fluxlintUnknown';

type MutationKind = 'rename' | 'retype' | 'remove' | 'insert' | 'bad-string' | 'out-of-range';

interface Mutation {
  kind: MutationKind;
  file: string;
  /** The value changed (for an insertion: the mapping it goes into). */
  site: Path;
  /** Where the change is (for a rename or an insertion: the new key). */
  target: Path;
  description: string;
  /** The mutated values, built when the mutation is picked. */
  build: () => JsonMap;
}

/** A place to mutate: a value of a CI file, or a default written out on top of a CI file. */
interface Site {
  file: string;
  values: JsonMap;
  path: Path;
  fromDefaults: boolean;
}

/** The same mutations on every run: a seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateMutations(ciFiles: { name: string; values: JsonMap }[], defaults: JsonMap, perKind: number): Mutation[] {
  const random = prng(26);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const sites: Site[] = [];
  for (const { name, values } of [...ciFiles, EXAMPLE]) {
    for (const [sitePath] of nodes(values)) sites.push({ file: name, values, path: sitePath, fromDefaults: false });
  }
  for (const [sitePath] of nodes(defaults)) {
    const { name, values } = pick(ciFiles);
    sites.push({ file: name, values, path: sitePath, fromDefaults: true });
  }
  const byKind = new Map<MutationKind, Mutation[]>();
  for (const site of sites) {
    for (const mutation of mutationsAt(site, defaults, random)) {
      const list = byKind.get(mutation.kind) ?? [];
      list.push(mutation);
      byKind.set(mutation.kind, list);
    }
  }
  return [...byKind.values()].flatMap((list) => spread(list, perKind, random));
}

/**
 * `count` mutations at as many different places of the schema as possible: one per group in
 * turn, a group being the last two keys of the place (`postgres.sslMode`, `livenessProbe.periodSeconds`),
 * since a piece's schema is the same in every component.
 */
function spread(mutations: Mutation[], count: number, random: () => number): Mutation[] {
  const groups = new Map<string, Mutation[]>();
  for (const mutation of shuffle(mutations, random)) {
    const key = generalised(mutation.site.slice(-2));
    groups.set(key, [...(groups.get(key) ?? []), mutation]);
  }
  const picked: Mutation[] = [];
  for (let round = 0; picked.length < count && picked.length < mutations.length; round++) {
    for (const group of groups.values()) if (round < group.length && picked.length < count) picked.push(group[round]!);
  }
  return picked;
}

function mutationsAt(site: Site, defaults: JsonMap, random: () => number): Mutation[] {
  const values = structuredClone(site.values);
  // A default is written out by the user first; lists the user already has are theirs, not the defaults'.
  if (site.fromDefaults && !materialize(values, defaults, site.path)) return [];
  const make = (kind: MutationKind, target: Path, description: string, change: (copy: JsonMap) => void): Mutation => {
    const build = () => {
      const copy = structuredClone(values);
      change(copy);
      return copy;
    };
    return { kind, file: site.file, site: site.path, target, description, build };
  };
  const value = get(values, site.path);
  const key = site.path.at(-1);
  const parentPath = site.path.slice(0, -1);
  const mutations: Mutation[] = [];
  if (typeof key === 'string') {
    const renamed = typo(key, random);
    const parent = get(values, parentPath) as JsonMap;
    if (renamed !== key && !(renamed in parent)) {
      mutations.push(
        make('rename', [...parentPath, renamed], `${text(site.path)} renamed to ${renamed}`, (copy) => {
          const map = get(copy, parentPath) as JsonMap;
          map[renamed] = map[key]!;
          delete map[key];
        }),
      );
    }
    // Removing a default the user wrote out changes nothing.
    if (!site.fromDefaults) mutations.push(make('remove', site.path, `${text(site.path)} removed`, (copy) => delete (get(copy, parentPath) as JsonMap)[key]));
  }
  if (site.path.length > 0) {
    const replacement = wrongType(value, random);
    mutations.push(make('retype', site.path, `${text(site.path)} = ${JSON.stringify(replacement)}`, (copy) => set(copy, site.path, replacement)));
    if (typeof value === 'string') {
      mutations.push(make('bad-string', site.path, `${text(site.path)} = "not valid!"`, (copy) => set(copy, site.path, 'not valid!')));
    }
    if (Number.isInteger(value)) {
      for (const outOfRange of [-1, 70000]) {
        mutations.push(make('out-of-range', site.path, `${text(site.path)} = ${outOfRange}`, (copy) => set(copy, site.path, outOfRange)));
      }
    }
  }
  if (isMap(value) && !(UNKNOWN_KEY in value)) {
    const target = [...site.path, UNKNOWN_KEY];
    mutations.push(make('insert', target, `${text(target)} added`, (copy) => ((get(copy, site.path) as JsonMap)[UNKNOWN_KEY] = 'x')));
  }
  return mutations;
}

/** Every value of a document with its path; the root too (for insertions). */
function nodes(value: Json, at: Path = []): [Path, Json][] {
  const found: [Path, Json][] = [[at, value]];
  if (Array.isArray(value)) value.forEach((item, index) => found.push(...nodes(item, [...at, index])));
  else if (isMap(value)) for (const [key, child] of Object.entries(value)) found.push(...nodes(child, [...at, key]));
  return found;
}

/**
 * Makes `path` exist in the user's values by copying the defaults below the first missing
 * key. False when the path crosses a value of the user's (a list or scalar), which replaces the default.
 */
function materialize(values: JsonMap, defaults: JsonMap, fullPath: Path): boolean {
  let node: Json = values;
  for (let i = 0; i < fullPath.length; i++) {
    const key = fullPath[i]!;
    if (!isMap(node) || typeof key !== 'string') return false;
    if (!(key in node)) {
      node[key] = structuredClone(get(defaults, fullPath.slice(0, i + 1)));
      return true;
    }
    node = node[key]!;
  }
  return true;
}

/** A typo: a letter dropped, doubled or swapped with the next, or the case of one changed. */
function typo(key: string, random: () => number): string {
  const at = Math.floor(random() * key.length);
  switch (Math.floor(random() * 4)) {
    case 0:
      return key.length > 1 ? key.slice(0, at) + key.slice(at + 1) : `${key}${key}`;
    case 1:
      return key.slice(0, at + 1) + key.slice(at);
    case 2:
      return at + 1 < key.length ? key.slice(0, at) + key[at + 1] + key[at] + key.slice(at + 2) : key.toUpperCase();
    default: {
      const letter = key[at]!;
      const flipped = letter === letter.toUpperCase() ? letter.toLowerCase() : letter.toUpperCase();
      return key.slice(0, at) + flipped + key.slice(at + 1);
    }
  }
}

/** A value of another JSON type (an integer may also become a fraction). */
function wrongType(value: Json, random: () => number): Json {
  const kind = (v: Json) => (Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v);
  const candidates: Json[] = ['text', 42, true, { a: 'b' }, ['x']].filter((candidate) => kind(candidate) !== kind(value));
  if (Number.isInteger(value)) candidates.push(1.5);
  return candidates[Math.floor(random() * candidates.length)]!;
}

/**
 * Entries of the `additional` maps of Synapse, MAS, Hookshot and the SFU: fluxlint closes
 * and types them where the chart's schema checks nothing, so differences inside them are
 * deliberate and not counted (facts §1.2).
 */
function insideAdditionalEntry(target: Path): boolean {
  return STRICTER_ADDITIONAL.some(
    (owner) => target.length > owner.length + 2 && owner.every((segment, i) => target[i] === segment) && target[owner.length] === 'additional',
  );
}
const STRICTER_ADDITIONAL: Path[] = [['synapse'], ['matrixAuthenticationService'], ['hookshot'], ['matrixRTC', 'sfu']];

/** A path with its list indices generalised, to group mutations and disagreements. */
function generalised(target: Path): string {
  return text(target.map((segment) => (typeof segment === 'number' ? '[]' : segment))).replace(/\.\[\]/g, '[]');
}

function text(at: Path): string {
  return at.map(String).join('.') || '(root)';
}

function get(root: Json, at: Path): Json {
  let node: Json = root;
  for (const segment of at) node = (node as Record<string | number, Json>)[segment]!;
  return node;
}

function set(root: JsonMap, at: Path, value: Json): void {
  (get(root, at.slice(0, -1)) as Record<string | number, Json>)[at.at(-1)!] = value;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

// ---------------------------------------------------------------------------------------
// The keys neither the CI files nor the chart defaults set, in one valid values document
// (our own), so that mutations reach them too. Shared pieces appear once or twice: the
// schema of a piece is the same in every component.

const nodeSelectorTerm = {
  matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }],
  matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }],
};
const labelSelector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['synapse'] }], matchLabels: { tier: 'chat' } };
const podAffinityTerm = {
  labelSelector,
  namespaceSelector: labelSelector,
  namespaces: ['matrix'],
  topologyKey: 'kubernetes.io/hostname',
  matchLabelKeys: ['pod-template-hash'],
  mismatchLabelKeys: ['tenant'],
};
const topologySpreadConstraints = [
  {
    maxSkew: 2,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector,
    matchLabelKeys: ['pod-template-hash'],
    minDomains: 2,
    nodeAffinityPolicy: 'Honor',
    nodeTaintsPolicy: 'Ignore',
  },
];
const scheduling = {
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [nodeSelectorTerm] },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: nodeSelectorTerm }],
    },
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [podAffinityTerm],
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm }],
    },
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [podAffinityTerm],
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm }],
    },
  },
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'matrix', effect: 'NoExecute', tolerationSeconds: 60 }],
  topologySpreadConstraints,
  priorityClassName: 'high',
  schedulerName: 'default-scheduler',
  runtimeClassName: 'runc',
};
const resources = { requests: { cpu: 1, memory: '1Gi' }, limits: { memory: '2Gi' } };
const pod = {
  ...scheduling,
  labels: { team: 'matrix' },
  annotations: { note: 'x' },
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  extraEnv: [{ name: 'LOG', value: 'debug' }],
  extraVolumes: [{ name: 'scratch', emptyDir: {} }],
  extraVolumeMounts: [{ name: 'scratch', mountPath: '/scratch', subPath: 'a', readOnly: true }],
  extraInitContainers: [{ name: 'wait', image: 'busybox', command: ['true'] }],
  containersSecurityContext: {
    capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
    seccompProfile: { type: 'Localhost', localhostProfile: 'profile.json' },
  },
  podSecurityContext: { fsGroupChangePolicy: 'OnRootMismatch', seLinuxOptions: { level: 's0', role: 'r', type: 't', user: 'u' }, supplementalGroups: [1000] },
  resources,
  serviceAccount: { create: false, name: 'matrix', annotations: { role: 'x' } },
};
const image = { registry: 'registry.example.com', repository: 'matrix/app', digest: 'sha256:0123', pullPolicy: 'Always', pullSecrets: [{ name: 'pull' }] };
const ingressService = { type: 'LoadBalancer', annotations: { lb: 'x' }, internalTrafficPolicy: 'Local', externalTrafficPolicy: 'Local', externalIPs: ['10.0.0.1'] };
const ingressWithoutHost = { className: 'nginx', controllerType: 'ingress-nginx', tlsEnabled: true, tlsSecret: 'tls', annotations: { a: 'b' }, service: ingressService };
const relabelings: Json[] = [
  { sourceLabels: ['__name__'], separator: ';', regex: '(.*)', targetLabel: 'metric', replacement: '$1', action: 'replace' },
  { sourceLabels: ['pod'], modulus: 2, targetLabel: 'shard', action: 'hashmod' },
];
const exposed = { annotations: { a: 'b' }, internalTrafficPolicy: 'Local', externalTrafficPolicy: 'Local', externalIPs: ['192.0.2.1'] };
const secretRef = { secret: 'matrix-secrets', secretKey: 'key' };

const EXAMPLE: { name: string; values: JsonMap } = {
  name: 'example of every key',
  values: {
    serverName: 'example.com',
    labels: { team: 'matrix' },
    certManager: { issuer: 'ca' },
    image: { pullPolicy: 'IfNotPresent', pullSecrets: [{ name: 'pull' }] },
    matrixTools: { image },
    ingress: {
      className: 'nginx',
      controllerType: 'ingress-nginx',
      tlsSecret: 'wildcard',
      annotations: { a: 'b' },
      service: { type: 'NodePort', internalTrafficPolicy: 'Local', externalTrafficPolicy: 'Cluster' },
    },
    storage: { storageClassName: 'fast', resourcePolicy: 'delete' },
    ...scheduling,
    clusterDomain: 'cluster.local.',
    networking: { ipFamily: 'ipv4' },
    initSecrets: { ...pod, rbac: { create: false } },
    synapse: {
      ...pod,
      image,
      ingress: {
        ...ingressWithoutHost,
        host: 'matrix.example.com',
        additionalPaths: [{ path: '/x', availability: 'blocked', service: { name: 'x', port: { number: 80 } } }],
      },
      postgres: { host: 'db', port: 5432, user: 'synapse', database: 'synapse', sslMode: 'verify-full', password: { value: 'pw' } },
      redis: { host: 'redis', port: 6379, db: 1, tls: true, password: secretRef },
      media: {
        maxUploadSize: '50M',
        storage: { existingClaim: 'media', size: '5Gi', storageClassName: 'fast', resourcePolicy: 'delete', selector: labelSelector, volumeName: 'pv' },
      },
      macaroon: secretRef,
      appservices: [{ configMap: 'bridges', configMapKey: 'registration.yaml' }],
      extraVolumes: [{ name: 'hooks', mountContext: 'both', emptyDir: {} }],
      extraVolumeMounts: [{ name: 'hooks', mountPath: '/hooks', mountContext: 'hook' }],
      extraArgs: ['--verbose'],
      hostAliases: [{ ip: '10.0.0.2', hostnames: ['db.internal'] }],
      logging: { rootLevel: 'WARNING', levelOverrides: { 'synapse.storage': 'DEBUG' } },
      serviceMonitors: { enabled: true, relabelings, metricRelabelings: relabelings },
      checkConfigHook: { labels: { a: 'b' }, annotations: { a: 'b' }, serviceAccount: { create: true }, resources },
      workers: { 'client-reader': { enabled: true, replicas: 2, resources, topologySpreadConstraints }, 'user-dir': { enabled: true, resources } },
    },
    matrixRTC: {
      livekitAuth: { key: 'devkey', secret: secretRef },
      sfu: {
        ...pod,
        image,
        manualIP: '192.0.2.10',
        exposedServices: {
          rtcTcp: { ...exposed, portType: 'LoadBalancer', nodePort: '30001' },
          rtcUdp: { ...exposed, enabled: true, portType: 'HostPort', portRange: { startPort: 40000, endPort: 40100, nodePort: '31000' } },
          turnTLS: { ...exposed, enabled: true, portType: 'ClusterIP', domain: 'turn.example.com', tlsSecret: 'turn-tls', tlsTerminationOnPod: false },
        },
      },
    },
    hookshot: {
      enabled: true,
      redis: { host: 'redis', port: 6380 },
      passkey: { value: 'key' },
      appserviceRegistration: secretRef,
      storage: { existingClaim: 'hookshot' },
    },
    matrixAuthenticationService: {
      privateKeys: { rsa: secretRef, ecdsaPrime256v1: { value: 'k' }, ecdsaSecp256k1: secretRef, ecdsaSecp384r1: secretRef },
      encryptionSecret: secretRef,
      syn2mas: { ...pod, image, dryRun: false },
    },
    postgres: { adminPassword: secretRef, essPasswords: { synapse: secretRef, matrixAuthenticationService: { value: 'pw' } } },
    redis: { maxMemoryPolicy: 'volatile-lru', redisExporter: { image, extraEnv: [{ name: 'A', value: 'b' }] } },
    wellKnownDelegation: {
      ingress: ingressWithoutHost,
      labels: { a: 'b' },
      baseDomainRedirect: { enabled: false, url: 'https://chat.example.com' },
      additional: { client: '{}' },
      headers: { 'X-Frame-Options': 'DENY' },
    },
  },
};
