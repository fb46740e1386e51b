import { Document, isMap, isScalar, isSeq, Pair, Scalar, type Node } from 'yaml';
import { CHART_DEFAULTS } from './model/ess/chart-defaults.js';
import { ESS_CHART, essReleases } from './model/ess/release.js';
import { composeValues, type HelmReleaseValues } from './model/flux/helm-values.js';
import type { AppliedObject, FluxModel } from './model/flux/model.js';
import { idOf } from './model/kustomize/object.js';
import { SECRET_MASK, secretTextMask } from './model/secrets.js';
import { jsonText, visibleLines } from './report/visible.js';
import { forEachNode, keyName, nodeAt, pairsOf, type MapNode } from './yaml/nodes.js';

/**
 * `fluxlint values NAMESPACE/NAME [path]`: a HelmRelease's effective values, each
 * value annotated with the file and line that wrote it. Values that came from a
 * Secret are masked.
 */
export function renderValues(model: FluxModel, request: ValuesRequest, format: 'yaml' | 'json'): { output: string } | { error: string } {
  const rendered = renderUnmasked(model, request, format);
  // A release's own name (or one listed in an error) may have been substituted from a Secret.
  const mask = secretTextMask(model.origins.secretValues());
  if (!mask) return rendered;
  return 'error' in rendered ? { error: mask(rendered.error) } : { output: mask(rendered.output) };
}

function renderUnmasked(model: FluxModel, request: ValuesRequest, format: 'yaml' | 'json'): { output: string } | { error: string } {
  const chosen = chooseRelease(model, request);
  if ('error' in chosen) return chosen;
  const release = chosen.release;
  const { path, reference } = request;
  const values = composeValues(model, release);
  const defaults = new WeakSet<Node>();
  const chart = essReleases(model).some((r) => r.object === release) ? ESS_CHART : null;
  if (chart) addDefaults(values.values, CHART_DEFAULTS, defaults);
  const keys = path ? path.split('.') : [];
  const subtree = keys.length ? nodeAt(values.values, keys) : values.values;
  if (!subtree) return { error: `the values of HelmRelease "${reference}" have nothing at "${path}"` };
  const shown: Shown = { model, values, defaults, chart };
  // Keys, values and file names come from the repository: none may drive the terminal.
  return { output: format === 'json' ? asJson(shown, subtree, keys) : visibleLines(asYaml(shown, subtree)) };
}

/** Which HelmRelease to show: `namespace/name`, and where it is when several clusters or overlays hold one. */
export interface ValuesRequest {
  reference: string;
  /** A dotted path into the values. */
  path?: string;
  /** The file the HelmRelease is written in (relative to the root), to choose among several. */
  file?: string;
  /** The Flux Kustomization that applies it (`namespace/name`, `name` or its file) or the kustomization directory that builds it. */
  kustomization?: string;
}

/**
 * The one HelmRelease a request names. Several clusters or overlays often hold the
 * same namespace/name; then the request must say which, and the error lists them.
 */
function chooseRelease(model: FluxModel, request: ValuesRequest): { release: AppliedObject } | { error: string } {
  const { reference } = request;
  const [namespace, name] = reference.includes('/') ? reference.split('/', 2) : ['', reference];
  const all = model.ofKind('HelmRelease');
  const named = all.filter((r) => idOf(r).name === name && (!namespace || idOf(r).namespace === namespace));
  if (named.length === 0) {
    const known = all.map((r) => `${idOf(r).namespace}/${idOf(r).name}`);
    return { error: `no HelmRelease "${reference}" in the repository${known.length ? `; there are: ${[...new Set(known)].sort().join(', ')}` : ''}` };
  }
  const matching = named.filter((r) => (!request.file || writtenIn(model, r) === request.file) && (!request.kustomization || appliedBy(model, r, request.kustomization)));
  if (matching.length === 1) return { release: matching[0]! };
  const candidates = (matching.length ? matching : named).map((r) => `  ${describeCandidate(model, r)}`);
  const why = matching.length
    ? `${matching.length} HelmReleases "${reference}" are in the repository; choose one with --file or --kustomization`
    : `no HelmRelease "${reference}" matches ${[request.file && `--file ${request.file}`, request.kustomization && `--kustomization ${request.kustomization}`].filter(Boolean).join(' and ')}; there are`;
  return { error: `${why}:\n${candidates.join('\n')}` };
}

/** The file a (possibly built) object was written in. */
export function writtenIn(model: FluxModel, object: AppliedObject): string {
  return model.origins.locate(object.node)?.file ?? object.document.source.path;
}

/**
 * Whether a release comes from the kustomization named: the Flux Kustomization that
 * applies it (`namespace/name`, `name` or its file), or the directory whose build holds it.
 */
function appliedBy(model: FluxModel, release: AppliedObject, kustomization: string): boolean {
  const dir = kustomization.replace(/^\.\//, '').replace(/\/$/, '');
  if (release.buildDir !== null && dir === release.buildDir) return true;
  if (!release.owner) return false;
  const owner = idOf(release.owner.object);
  return kustomization === `${owner.namespace}/${owner.name}` || kustomization === owner.name || kustomization === writtenIn(model, release.owner.object);
}

function describeCandidate(model: FluxModel, release: AppliedObject): string {
  const location = model.origins.locate(release.node) ?? release.document.locate(release.anchor);
  const at = `${location.file}:${location.line}`;
  if (release.owner) {
    const owner = idOf(release.owner.object);
    return `${at} (applied by Kustomization ${owner.namespace ? `${owner.namespace}/` : ''}${owner.name} in ${writtenIn(model, release.owner.object)})`;
  }
  return release.buildDir !== null ? `${at} (built from ${release.buildDir || './'})` : at;
}

/** What is shown: the composed values, and which of their nodes are chart defaults. */
interface Shown {
  model: FluxModel;
  values: HelmReleaseValues;
  defaults: WeakSet<Node>;
  /** The chart whose defaults fluxlint layered under the values, if it knows them. */
  chart: string | null;
}

/** Layers chart defaults under the values where no layer set (or deleted) a key, marking every node added. */
function addDefaults(target: MapNode, defaults: Readonly<Record<string, unknown>>, marked: WeakSet<Node>): void {
  for (const [key, value] of Object.entries(defaults)) {
    if (value && typeof value === 'object' && Object.keys(value).length === 0) continue; // an empty default says nothing
    const pair = target.items.find((p) => keyName(p) === key);
    if (pair) {
      if (isMap(pair.value) && value && typeof value === 'object') addDefaults(pair.value as MapNode, value as Record<string, unknown>, marked);
      continue;
    }
    const node = new Document().createNode(value) as Node;
    const keyNode = new Scalar(key);
    forEachNode(node, (n) => marked.add(n));
    marked.add(keyNode);
    target.items.push(new Pair(keyNode, node));
  }
}

function where({ model, defaults }: Shown, node: Node): string | null {
  if (defaults.has(node)) return 'chart default';
  const location = model.origins.locate(node);
  return location ? `${location.file}:${location.line}` : null;
}

function asYaml(shown: Shown, subtree: Node): string {
  const { model, values, chart } = shown;
  const copy = annotate(shown, model.origins.clone(subtree), subtree);
  const header = values.layers.map((l) => `# ${l.source}${l.name ? ` ${l.name}` : ''}${l.key ? ` [${l.key}]` : ''}${l.targetPath ? ` -> ${l.targetPath}` : ''} (${l.location.file}:${l.location.line})${l.unknown ? `: not read, ${l.unknown}` : ''}`);
  if (chart) header.unshift(`# chart defaults of ${chart} that decide what it deploys (marked "chart default")`);
  const id = idOf(values.release);
  const document = new Document(copy);
  return [`# Effective values of HelmRelease ${id.namespace}/${id.name}, merged from:`, ...header, document.toString({ lineWidth: 0 })].join('\n');
}

/** Puts each value's origin in a comment beside it, and masks values from Secrets. */
function annotate(shown: Shown, copy: Node, original: Node): Node {
  if (isMap(copy) && isMap(original)) {
    const pairs = pairsOf(original);
    pairsOf(copy).forEach((pair, i) => {
      const source = pairs[i]!;
      if (pair.value) pair.value = annotate(shown, pair.value as Node, source.value as Node);
      const keyNode = pair.key as Scalar;
      if ((isMap(pair.value) || isSeq(pair.value)) && keyNode) {
        const origin = where(shown, source.key as Node);
        if (origin) keyNode.comment = ` ${origin}`;
      }
    });
    return copy;
  }
  if (isSeq(copy) && isSeq(original)) {
    copy.items = copy.items.map((item, i) => annotate(shown, item as Node, original.items[i] as Node));
    return copy;
  }
  const secret = shown.model.origins.isSecret(original);
  const scalar = secret ? new Scalar(SECRET_MASK) : (copy as Scalar);
  const origin = where(shown, original);
  if (origin) scalar.comment = ` ${origin}${secret ? ' (from a Secret)' : ''}`;
  return scalar;
}

function asJson({ model, values, defaults }: Shown, subtree: Node, prefix: string[]): string {
  const origins: { path: string; file: string; line: number; column: number }[] = [];
  const chartDefaults: string[] = [];
  const plain = (node: Node, path: string[]): unknown => {
    const location = model.origins.locate(node);
    if (location && !isMap(node) && !isSeq(node)) origins.push({ path: path.join('.'), file: location.file, line: location.line, column: location.column });
    if (defaults.has(node) && !isMap(node) && !isSeq(node)) chartDefaults.push(path.join('.'));
    if (isMap(node)) return Object.fromEntries(pairsOf(node as MapNode).map((p) => [keyName(p) ?? '', plain(p.value as Node, [...path, keyName(p) ?? ''])]));
    if (isSeq(node)) return node.items.map((item, i) => plain(item as Node, [...path, String(i)]));
    if (model.origins.isSecret(node)) return SECRET_MASK;
    return isScalar(node) ? node.value : null;
  };
  const id = idOf(values.release);
  const data = plain(subtree, prefix);
  return jsonText(
    {
      release: `${id.namespace}/${id.name}`,
      path: prefix.join('.'),
      values: data,
      origins,
      ...(chartDefaults.length ? { chartDefaults } : {}),
      layers: values.layers.map((l) => ({ source: l.source, name: l.name, key: l.key, targetPath: l.targetPath, file: l.location.file, line: l.location.line, unknown: l.unknown })),
    },
  );
}
