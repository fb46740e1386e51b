import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KustomizeBuilder, KUSTOMIZATION_FILE_NAMES, type KustomizeBuild } from '../src/model/kustomize/build.js';
import { Origins } from '../src/model/origins.js';
import { loadRepository } from '../src/model/repository.js';
import { DiskTree } from '../src/discover/tree.js';
import { CORPUS } from './corpus.js';
import { mapConcurrently } from '../src/concurrency.js';
import { temporaryDirectory } from './helpers.js';

/**
 * The in-process kustomize builder against `kubectl kustomize`, on every
 * kustomization directory of the corpus (real public Flux repositories, read in
 * place, never copied). kubectl builds as Flux does (`LoadRestrictionsNone`: a
 * kustomization may read files above its directory). A directory kubectl cannot
 * build offline (a file the corpus does not hold, a remote base, YAML go-yaml
 * rejects) is left out; for every other one the objects, keyed by
 * apiVersion/kind/namespace/name, and their content (deep-equal, keys sorted) must
 * be the same, except for the disagreements listed here, each checked by hand.
 */

/**
 * go-yaml (kustomize's parser) keeps an extra line break where a `>` folded block
 * scalar goes from a normal line to a more-indented one: `a\n  b` becomes
 * `a\n\n  b`. The YAML specification (1.2.2, example 8.10) keeps one line break,
 * as the `yaml` package does, so fluxlint's value is the specified one.
 */
function goYamlFolded(specified: string): string {
  return specified.replace(/(?<=^|\n)([^ \t\n][^\n]*)\n(?=[ \t])/g, '$1\n\n');
}

interface ExpectedDisagreement {
  /** "repository:directory apiVersion/kind/namespace/name /json/pointer". */
  at: string;
  /** One line: why kubectl and fluxlint differ here. */
  why: string;
  /** Checks that the difference is exactly the explained one. */
  check(kubectl: unknown, fluxlint: unknown): boolean;
}

const FOLDED = (where: string): Pick<ExpectedDisagreement, 'why' | 'check'> => ({
  why: `${where}: a \`>\` folded scalar with more-indented lines; go-yaml adds a line break before them, the YAML spec (and the \`yaml\` package) does not`,
  check: (kubectl, fluxlint) => typeof fluxlint === 'string' && kubectl !== fluxlint && kubectl === goYamlFolded(fluxlint),
});

const EXPECTED_DISAGREEMENTS: ExpectedDisagreement[] = [
  {
    at: 'drag0n141__home-ops:kubernetes/apps/renovate/renovate-operator/jobs renovate-operator.mogenius.com/v1alpha1/RenovateJob//drag0n141 /spec/extraEnv/5/value',
    ...FOLDED('drag0n141.yaml:61 `value: >-` holding a JSON array'),
  },
  {
    at: 'lucas-dclrcq__homelabitty:kubernetes/apps/default/bambuddy/app grafana.integreatly.org/v1beta1/GrafanaDashboard//bambuddy /spec/json',
    ...FOLDED('grafanadashboard.yaml:12 `json: >-` holding a Grafana dashboard'),
  },
  {
    at: 'lucas-dclrcq__homelabitty:kubernetes/apps/development/pacman/app grafana.integreatly.org/v1beta1/GrafanaDashboard//pacman /spec/json',
    ...FOLDED('grafanadashboard.yaml:12 `json: >-` holding a Grafana dashboard'),
  },
  {
    at: 'lucas-dclrcq__homelabitty:kubernetes/apps/infrastructure/mosquitto/app grafana.integreatly.org/v1beta1/GrafanaDashboard//mosquitto /spec/json',
    ...FOLDED('grafanadashboard.yaml:12 `json: >-` holding a Grafana dashboard'),
  },
  {
    at: 'lucas-dclrcq__homelabitty:kubernetes/apps/kube-system/cilium/app grafana.integreatly.org/v1beta1/GrafanaDashboard//cilium-dropped-flows /spec/json',
    ...FOLDED('grafanadashboard-dropped-flows.yaml:12 `json: >-` holding a Grafana dashboard'),
  },
  {
    at: 'lucas-dclrcq__homelabitty:kubernetes/apps/media/nana/app grafana.integreatly.org/v1beta1/GrafanaDashboard//nana /spec/json',
    ...FOLDED('grafanadashboard.yaml:12 `json: >-` holding a Grafana dashboard'),
  },
  {
    at: 'lucas-dclrcq__homelabitty:kubernetes/apps/observability/exporters/blackbox-exporter/lan grafana.integreatly.org/v1beta1/GrafanaDashboard//blackbox-probes /spec/json',
    ...FOLDED('grafanadashboard-probes.yaml:12 `json: >-` holding a Grafana dashboard'),
  },
  {
    at: 'lucas-dclrcq__homelabitty:kubernetes/apps/observability/exporters/snmp-exporter/app grafana.integreatly.org/v1beta1/GrafanaDashboard//apc-ups /spec/json',
    ...FOLDED('grafanadashboard.yaml:12 `json: >-` holding a Grafana dashboard'),
  },
  {
    at: 'lucas-dclrcq__homelabitty:kubernetes/apps/observability/kube-prometheus-stack/app grafana.integreatly.org/v1beta1/GrafanaDashboard//app-overview /spec/json',
    ...FOLDED('grafanadashboard-app-overview.yaml:12 `json: >-` holding a Grafana dashboard'),
  },
  {
    at: 'lucas-dclrcq__homelabitty:kubernetes/apps/volsync-system/volsync/app admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicy//volsync-mover-jitter /spec/mutations/0/jsonPatch/expression',
    ...FOLDED('mutationadmissionpolicy.yaml:39 `expression: >-` holding a CEL JSON patch'),
  },
  {
    at: 'onedr0p__home-ops:kubernetes/apps/o11y/grafana-operator/instance admissionregistration.k8s.io/v1/MutatingAdmissionPolicy//grafana-image-mirror /spec/matchConditions/1/expression',
    ...FOLDED('mutatingadmissionpolicy.yaml:32 `expression: >-` holding a CEL expression'),
  },
  {
    at: 'onedr0p__home-ops:kubernetes/apps/o11y/grafana-operator/instance admissionregistration.k8s.io/v1/MutatingAdmissionPolicy//grafana-image-mirror /spec/mutations/0/jsonPatch/expression',
    ...FOLDED('mutatingadmissionpolicy.yaml:41 `expression: >-` holding a CEL JSON patch'),
  },
];

const KUBECTL_TIMEOUT_MS = 60_000;
const CONCURRENCY = Math.max(2, Math.min(8, (os.availableParallelism?.() ?? 2) * 2));
const MIN_AGREEMENT = 0.98;

/**
 * The kustomize the expectations below were measured with. Another version builds
 * differently in places (that is what the test would then measure), so it skips.
 */
const KUSTOMIZE_VERSION = 'v5.5.0';

/** The kustomize version built into the installed kubectl, or null when kubectl does not run. */
function kubectlKustomizeVersion(): string | null {
  try {
    const run = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 30_000 });
    if (run.status !== 0) return null;
    return /Kustomize Version: (\S+)/.exec(run.stdout)?.[1] ?? 'unknown';
  } catch {
    return null;
  }
}

const corpusPresent = existsSync(CORPUS);
const kustomizeVersion = corpusPresent ? kubectlKustomizeVersion() : null;
const kubectlPresent = kustomizeVersion === KUSTOMIZE_VERSION;
if (!corpusPresent) console.warn(`SKIPPED: ${CORPUS} is absent; the kustomize agreement test does not run.`);
else if (kustomizeVersion === null) console.warn('SKIPPED: kubectl is not installed (or does not run); the kustomize agreement test does not run.');
else if (!kubectlPresent) console.warn(`SKIPPED: kubectl's kustomize is ${kustomizeVersion}, the expectations are for ${KUSTOMIZE_VERSION}; the kustomize agreement test does not run.`);

interface KubectlResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** `kubectl kustomize` of one directory, output captured, killed after the timeout. */
function kubectlKustomize(dir: string): Promise<KubectlResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (result: KubectlResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GOGC: 'off' } });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, stdout, stderr: `timed out after ${KUBECTL_TIMEOUT_MS} ms` });
    }, KUBECTL_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => finish({ ok: false, stdout, stderr: error.message }));
    child.on('close', (code) => finish({ ok: code === 0, stdout, stderr }));
  });
}

/** Directories (relative to the root, '' for the root) that hold a kustomization file. */
function kustomizationDirs(root: string, relative = ''): string[] {
  const entries = readdirSync(path.join(root, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found = entries.some((e) => e.isFile() && KUSTOMIZATION_FILE_NAMES.includes(e.name)) ? [relative] : [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === '.git' || entry.name === 'node_modules') continue;
    found.push(...kustomizationDirs(root, relative ? `${relative}/${entry.name}` : entry.name));
  }
  return found;
}

const REMOTE = 'remote resource (not compared: fluxlint does not fetch)';
const TIMED_OUT = 'timed out';

/** Whether a directory's kustomization file is a `kind: Component`. */
function isComponent(dir: string): boolean {
  const file = KUSTOMIZATION_FILE_NAMES.map((name) => path.join(dir, name)).find((f) => existsSync(f));
  return file !== undefined && /^kind:\s*Component\s*$/m.test(readFileSync(file, 'utf8'));
}

/** Why kubectl could not build a directory, in a few classes. */
function failureClass(stderr: string): string {
  if (/^timed out/.test(stderr)) return TIMED_OUT;
  if (/dial tcp|lookup [\w.-]+|exit status 128|git fetch|git clone/.test(stderr)) return REMOTE;
  if (/loading KV pairs/.test(stderr)) return 'generator source file not in the corpus (only YAML was extracted)';
  if (/MalformedYAMLError/.test(stderr)) return 'YAML that go-yaml rejects';
  if (/no such file or directory/.test(stderr)) return 'resource file or directory not in the corpus';
  return `other: ${(stderr.split('\n').find((l) => l.trim()) ?? '').slice(0, 160)}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

const canonical = (value: unknown) => JSON.stringify(sortKeys(value));

function keyOf(object: unknown): string {
  const o = (object ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } | null };
  return `${String(o.apiVersion ?? '')}/${String(o.kind ?? '')}/${String(o.metadata?.namespace ?? '')}/${String(o.metadata?.name ?? '')}`;
}

function byKey(objects: unknown[]): Map<string, unknown[]> {
  const map = new Map<string, unknown[]>();
  for (const object of objects) map.set(keyOf(object), [...(map.get(keyOf(object)) ?? []), object]);
  return map;
}

/** Every differing leaf of two JSON values, as JSON pointers with both values. */
function differences(kubectl: unknown, fluxlint: unknown, at = ''): { path: string; kubectl: unknown; fluxlint: unknown }[] {
  if (canonical(kubectl) === canonical(fluxlint)) return [];
  const bothObjects = kubectl && fluxlint && typeof kubectl === 'object' && typeof fluxlint === 'object' && Array.isArray(kubectl) === Array.isArray(fluxlint);
  if (!bothObjects) return [{ path: at, kubectl, fluxlint }];
  const keys = [...new Set([...Object.keys(kubectl), ...Object.keys(fluxlint)])].sort();
  return keys.flatMap((key) => differences((kubectl as Record<string, unknown>)[key], (fluxlint as Record<string, unknown>)[key], `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
}

interface Disagreement {
  /** Same form as ExpectedDisagreement.at. */
  at: string;
  kubectl: unknown;
  fluxlint: unknown;
}

interface DirResult {
  repository: string;
  dir: string;
  /** Why kubectl could not build it; undefined when it could. */
  failure?: string;
  disagreements: Disagreement[];
  /** The builder's problems, as "kind file:line:column message". */
  problems: string[];
}

const short = (value: unknown) => (JSON.stringify(value) ?? 'undefined').slice(0, 160);

/** How many directories one kubectl run builds at most (see `kubectlVerdicts`). */
const BATCH_SIZE = 40;

/** The builder's view of one directory, computed before kubectl runs. */
interface FluxlintBuild {
  repository: string;
  dir: string;
  /** `repository:dir`, the prefix of every disagreement's `at`. */
  where: string;
  /** The built objects by key; null when the builder threw. */
  objects: Map<string, unknown[]> | null;
  thrown?: string;
  /** The builder's problems, as "kind file:line:column message". */
  problems: string[];
  remote: boolean;
  /** A `kind: Component`, which kustomize takes as a component only, never as a resource. */
  component: boolean;
}

/** kubectl's objects against the builder's, key by key, as disagreements located at `where`. */
function compare(where: string, kubectlOutput: string, actual: Map<string, unknown[]>): Disagreement[] {
  const expected = byKey(parseAllDocuments(kubectlOutput).map((d) => d.toJS()).filter((o) => o !== null && o !== undefined));
  const disagreements: Disagreement[] = [];
  for (const [key, theirs] of expected) {
    const mine = actual.get(key) ?? [];
    if (mine.length !== theirs.length) {
      disagreements.push({ at: `${where} ${key}`, kubectl: `${theirs.length} object(s)`, fluxlint: `${mine.length} object(s)` });
      continue;
    }
    theirs.forEach((object, i) => {
      for (const d of differences(object, mine[i])) disagreements.push({ at: `${where} ${key} ${d.path}`, kubectl: d.kubectl, fluxlint: d.fluxlint });
    });
  }
  for (const [key, mine] of actual) {
    if (!expected.has(key)) disagreements.push({ at: `${where} ${key}`, kubectl: '0 object(s)', fluxlint: `${mine.length} object(s)` });
  }
  return disagreements;
}

/** The verdict on one directory from a kubectl run of that directory alone. */
function verdictAlone(build: FluxlintBuild, output: KubectlResult): DirResult {
  const { repository, dir, where, problems } = build;
  // An exception is a disagreement of its own, also where kubectl fails; its message is enough (no stack trace).
  const thrown: Disagreement[] = build.thrown ? [{ at: where, kubectl: output.ok ? 'a build' : 'no build', fluxlint: `threw ${build.thrown}` }] : [];
  if (!output.ok || !build.objects) return { repository, dir, failure: output.ok ? undefined : failureClass(output.stderr), disagreements: thrown, problems };
  return { repository, dir, disagreements: compare(where, output.stdout, build.objects), problems };
}

/**
 * kubectl's verdict on every directory, in few kubectl runs: each run takes about
 * 50 ms of start-up, which over a thousand directories was most of the suite's time.
 * Directories that should build alike go together into one generated kustomization
 * (each one a resource of it, so each is built as kubectl builds it alone); when that
 * batch fails or differs in any way from the builder's objects, it is split in two
 * and each half is run again, down to single directories run as they are. So every
 * failure and every disagreement is found, and reported, by a run of its directory
 * alone; the builder only chooses the batches (no shared object key, which kubectl
 * rejects, no build problem, no expected disagreement), never a verdict.
 */
async function kubectlVerdicts(builds: FluxlintBuild[], work: string): Promise<{ results: DirResult[]; runs: number }> {
  let runs = 0;
  // A directory's path from a batch's kustomization, one level below `work` (kustomize takes no absolute path).
  const relative = (build: FluxlintBuild) => path.join('..', path.relative(work, path.join(CORPUS, build.repository, build.dir)));
  const alone = async (build: FluxlintBuild): Promise<DirResult[]> => {
    runs++;
    return [verdictAlone(build, await kubectlKustomize(path.join(CORPUS, build.repository, build.dir)))];
  };
  const together = async (batch: FluxlintBuild[]): Promise<DirResult[]> => {
    if (batch.length === 1) return alone(batch[0]!);
    runs++;
    const resources = batch.map((b) => `  - ${relative(b)}`);
    const dir = mkdtempSync(path.join(work, 'batch-'));
    writeFileSync(path.join(dir, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.join('\n')}\n`);
    const output = await kubectlKustomize(dir);
    const union = new Map(batch.flatMap((b) => [...b.objects!]));
    if (output.ok && compare('batch', output.stdout, union).length === 0) {
      return batch.map(({ repository, dir, problems }) => ({ repository, dir, disagreements: [], problems }));
    }
    // kubectl names the directory it stopped at: that one alone, the rest together again.
    const named = output.ok ? -1 : batch.findIndex((b) => output.stderr.includes(`accumulating resources from '${relative(b)}'`));
    if (named >= 0) return [...(await alone(batch[named]!)), ...(await together(batch.filter((_, i) => i !== named)))];
    const half = Math.ceil(batch.length / 2);
    return [...(await together(batch.slice(0, half))), ...(await together(batch.slice(half)))];
  };

  const expectedDirs = new Set(EXPECTED_DISAGREEMENTS.map((e) => e.at.split(' ')[0]));
  const batches: FluxlintBuild[][] = [];
  const singles: FluxlintBuild[] = [];
  const skipped: DirResult[] = [];
  for (const build of builds) {
    // A remote base is never compared, whether kubectl could fetch it (a networked machine) or not.
    if (build.remote) skipped.push({ repository: build.repository, dir: build.dir, failure: REMOTE, disagreements: [], problems: build.problems });
    else if (!build.objects || build.problems.length || build.component || expectedDirs.has(build.where)) singles.push(build);
    else {
      const fits = batches.find((batch) => batch.length < BATCH_SIZE && batch[0]!.repository === build.repository && batch.every((b) => ![...build.objects!.keys()].some((key) => b.objects!.has(key))));
      if (fits) fits.push(build);
      else batches.push([build]);
    }
  }
  const verdicts = await mapConcurrently<FluxlintBuild[], DirResult[]>([...batches, ...singles.map((b) => [b])], CONCURRENCY, together);
  return { results: [...skipped, ...verdicts.flat()], runs };
}

describe.runIf(kubectlPresent)('the kustomize builder agrees with kubectl kustomize on the corpus', () => {
  const repositories = kubectlPresent ? readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  const results: DirResult[] = [];

  beforeAll(async () => {
    const builds: FluxlintBuild[] = [];
    for (const repository of repositories) {
      // One repository and one builder per corpus repository, shared by its directories.
      const repo = await loadRepository(new DiskTree(path.join(CORPUS, repository)), [], []);
      const builder = new KustomizeBuilder(repo, new Origins());
      for (const dir of kustomizationDirs(path.join(CORPUS, repository))) {
        let build: KustomizeBuild | null = null;
        let thrown: string | undefined;
        try {
          build = builder.build(dir);
        } catch (error) {
          thrown = String(error);
        }
        builds.push({
          repository,
          dir,
          where: `${repository}:${dir}`,
          objects: build ? byKey(build.objects.map((o) => o.node.toJSON())) : null,
          ...(thrown === undefined ? {} : { thrown }),
          problems: (build?.problems ?? []).map((p) => `${p.kind} ${p.location.file}:${p.location.line}:${p.location.column} ${p.message}`),
          remote: build?.problems.some((p) => p.kind === 'remote') ?? false,
          component: isComponent(path.join(CORPUS, repository, dir)),
        });
      }
    }
    const verdicts = await kubectlVerdicts(builds, temporaryDirectory('fluxlint-kubectl-'));
    const order = new Map(builds.map((b, i) => [b.where, i]));
    results.push(...verdicts.results.sort((a, b) => order.get(`${a.repository}:${a.dir}`)! - order.get(`${b.repository}:${b.dir}`)!));
    const failures = new Map<string, number>();
    for (const r of results) if (r.failure) failures.set(r.failure, (failures.get(r.failure) ?? 0) + 1);
    console.log(
      `kubectl built ${results.filter((r) => !r.failure).length} of ${results.length} kustomization directories (in ${verdicts.runs} runs); it could not build:\n` +
        [...failures].map(([why, count]) => `  ${String(count).padStart(4)}  ${why}`).join('\n'),
    );
  }, 1_800_000);

  const rate = (list: DirResult[]) => {
    const buildable = list.filter((r) => !r.failure);
    const agreeing = buildable.filter((r) => r.disagreements.length === 0);
    return { buildable: buildable.length, agreeing: agreeing.length, rate: buildable.length ? agreeing.length / buildable.length : 1 };
  };
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

  it(`agrees on at least ${percent(MIN_AGREEMENT)} of the directories kubectl can build`, () => {
    const lines: string[] = [];
    for (const repository of repositories) {
      const r = rate(results.filter((x) => x.repository === repository));
      lines.push(`  ${repository.padEnd(40)} ${String(r.agreeing).padStart(4)}/${String(r.buildable).padEnd(4)} ${r.buildable ? percent(r.rate) : '(none buildable)'}`);
    }
    const total = rate(results);
    lines.push(`  ${'total'.padEnd(40)} ${String(total.agreeing).padStart(4)}/${String(total.buildable).padEnd(4)} ${percent(total.rate)}`);
    console.log(`kustomize agreement with kubectl kustomize, per repository:\n${lines.join('\n')}`);
    expect(total.buildable).toBeGreaterThan(900);
    expect(total.rate).toBeGreaterThanOrEqual(MIN_AGREEMENT);
  });

  it('disagrees only where expected, each difference exactly the explained one', () => {
    const expected = new Map(EXPECTED_DISAGREEMENTS.map((e) => [e.at, e]));
    const unexplained: string[] = [];
    const explained: string[] = [];
    for (const d of results.flatMap((r) => r.disagreements)) {
      const entry = expected.get(d.at);
      if (!entry || !entry.check(d.kubectl, d.fluxlint)) unexplained.push(`${d.at}: kubectl ${short(d.kubectl)} ≠ fluxlint ${short(d.fluxlint)}`);
      else explained.push(`  ${d.at}\n    ${entry.why}`);
    }
    console.log(`expected disagreements (${explained.length}):\n${explained.join('\n')}`);
    expect(unexplained).toEqual([]);
  });

  it('reports no build problem where kubectl builds, and one where a file is missing or a base is remote', () => {
    const unexpected = results.filter((r) => !r.failure && r.problems.length).map((r) => `${r.repository}:${r.dir}: ${r.problems.join('; ')}`);
    expect(unexpected).toEqual([]);
    const expectedKind: Record<string, string> = {
      [REMOTE]: 'remote',
      'generator source file not in the corpus (only YAML was extracted)': 'missing',
      'resource file or directory not in the corpus': 'missing',
    };
    const silent = results
      .filter((r) => r.failure && expectedKind[r.failure] && !r.problems.some((p) => p.startsWith(`${expectedKind[r.failure!]} `)))
      .map((r) => `${r.repository}:${r.dir} (${r.failure})`);
    expect(silent).toEqual([]);
  });

  it('has every directory built by kubectl within the timeout (a slow one is a failure, never left out)', () => {
    expect(results.filter((r) => r.failure === TIMED_OUT).map((r) => `${r.repository}:${r.dir}`)).toEqual([]);
  });

  it('lists no disagreement that no longer occurs', () => {
    const occurring = new Set(results.flatMap((r) => r.disagreements.map((d) => d.at)));
    expect(EXPECTED_DISAGREEMENTS.map((e) => e.at).filter((at) => !occurring.has(at))).toEqual([]);
  });
});
