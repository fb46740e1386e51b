import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { Location, RelatedLocation } from '../../diagnostic.js';
import { parseDocuments, type YamlDocument } from '../../yaml/document.js';
import { documentProblems } from '../../yaml/file.js';
import { asMap, forEachNode, itemsOf, keyName, nodeAt, pairOf, scalarLeaves, stringValue, type MapNode } from '../../yaml/nodes.js';
import { idOf } from '../kustomize/object.js';
import { looksEncrypted } from '../sops.js';
import type { AppliedObject, FluxModel } from './model.js';

/** One source of a HelmRelease's values, in the order helm-controller merges them. */
export interface ValuesLayer {
  source: 'ConfigMap' | 'Secret' | 'values';
  name: string | null;
  key: string | null;
  targetPath: string | null;
  /** Where the layer is named: the valuesFrom entry, or `spec.values`. */
  location: Location;
  /** Why fluxlint cannot read the layer (SOPS-encrypted, not in the repository), when it cannot. */
  unknown: string | null;
}

/** A HelmRelease's values as helm-controller composes them, every node with its origin. */
export interface HelmReleaseValues {
  release: AppliedObject;
  /** The merged values; `model.origins.locate(node)` says where each key and value was written. */
  values: MapNode;
  layers: ValuesLayer[];
  /** The index in `layers` of the layer each merged node came from. */
  layerOf: WeakMap<Node, number>;
  /** What helm-controller fails the release on: a layer that is not a mapping of values, a targetPath it cannot parse. */
  problems: ValuesProblem[];
}

export interface ValuesProblem {
  message: string;
  location: Location;
  related: RelatedLocation[];
}

/**
 * Composes a HelmRelease's values as helm-controller does: `valuesFrom` in order
 * (ConfigMap or Secret, `valuesKey` default `values.yaml`, `targetPath`, `optional`),
 * then `spec.values` on top. Mappings merge deeply, lists and scalars replace, and a
 * `null` replaces and stays (Helm then deletes the chart's default). A layer fluxlint
 * cannot read is listed as unknown, never guessed at.
 */
export function composeValues(model: FluxModel, release: AppliedObject): HelmReleaseValues {
  const origins = model.origins;
  const namespace = idOf(release).namespace;
  const spec = nodeAt(release.node, ['spec']);
  const values = new YAMLMap<unknown, unknown>() as MapNode;
  const layers: ValuesLayer[] = [];
  const layerOf = new WeakMap<Node, number>();
  // Every node of a Secret's layer is marked: decoded base64 text has no written text of its own to be found by.
  const markSecret = (node: Node) => {
    forEachNode(node, (n) => origins.markSecret(n));
    for (const leaf of scalarLeaves(node)) if (isScalar(leaf.node) && leaf.node.value !== null) origins.recordSecretText(String(leaf.node.value));
  };
  const markLayer = (node: Node) => forEachNode(node, (n) => layerOf.set(n, layers.length - 1));
  const locate = (node: Node | null) => origins.locate(node) ?? release.document.locate(release.anchor);
  const problems: ValuesProblem[] = [];
  const releaseName = `${namespace}/${idOf(release).name}`;

  for (const entry of itemsOf(nodeAt(spec, ['valuesFrom']))) {
    const kind = stringValue(nodeAt(entry, ['kind']));
    const name = stringValue(nodeAt(entry, ['name']));
    if ((kind !== 'ConfigMap' && kind !== 'Secret') || !name) continue;
    const key = stringValue(nodeAt(entry, ['valuesKey'])) ?? 'values.yaml';
    const targetPath = stringValue(nodeAt(entry, ['targetPath']));
    const optional = (nodeAt(entry, ['optional']) as Scalar | null)?.value === true;
    // What the layer says of itself is shown; a part substituted from a Secret is not.
    const shown = (field: string, text: string) => origins.shownText(nodeAt(entry, [field]), text);
    const layer: ValuesLayer = { source: kind, name: shown('name', name), key: shown('valuesKey', key), targetPath: targetPath && shown('targetPath', targetPath), location: locate(entry), unknown: null };
    const path = targetPath ? targetPathKeys(targetPath) : null;
    if (path && 'error' in path) {
      const where = locate(nodeAt(entry, ['targetPath']));
      // One that the CRD's pattern already rejects is the schema's finding (k8s/schema).
      // The parser's reason quotes the path: not when a part of it came from a Secret.
      const reason = layer.targetPath === targetPath ? `: ${path.error}` : '';
      if (CRD_TARGET_PATH.test(targetPath!)) problems.push({ message: `targetPath "${layer.targetPath}" is not a path Helm can set${reason}; helm-controller fails HelmRelease "${releaseName}" on it.`, location: where, related: [] });
      layer.unknown = `its targetPath "${layer.targetPath}" is not valid`;
      layers.push(layer);
      continue;
    }
    const source = model.find(kind, name, namespace)[0];
    if (!source) {
      if (!optional) {
        layer.unknown = `${kind} "${namespace}/${layer.name}" is not in the repository`;
        layers.push(layer);
      }
      continue;
    }
    const field = kind === 'Secret' ? (nodeAt(source.node, ['stringData', key]) ? 'stringData' : 'data') : 'data';
    const valueNode = nodeAt(source.node, [field, key]);
    if (!valueNode || !isScalar(valueNode)) {
      if (!optional) {
        layer.unknown = source.unknownKeys ? `${kind} "${namespace}/${layer.name}": ${source.unknownKeys}` : `${kind} "${namespace}/${layer.name}" has no key "${layer.key}"`;
        layers.push(layer);
      }
      continue;
    }
    const text = valueNode.value === null ? '' : String(valueNode.value);
    const unknown = origins.unknownReason(valueNode) ?? (looksEncrypted(text) ? `${kind} "${namespace}/${layer.name}" is SOPS-encrypted` : undefined);
    if (unknown) {
      layer.unknown = unknown;
      layers.push(layer);
      continue;
    }
    if (path) {
      layers.push(layer);
      const value = typedValue(field === 'data' && kind === 'Secret' ? decodeBase64(text) : text, valueNode, model);
      if (kind === 'Secret') markSecret(value);
      markLayer(value);
      setAtPath(values, path, value, model);
      continue;
    }
    const documents = layerDocuments(valueNode, field === 'data' && kind === 'Secret', model);
    const invalid = documents[0] ? notAMapping(documents[0]) : null;
    if (invalid) {
      const keyNode = pairOf(nodeAt(source.node, [field]), key)?.key as Node | undefined;
      const subject = `${kind} "${namespace}/${layer.name}" key "${layer.key}"`;
      problems.push({
        message: `${subject} ${invalid.what}; helm-controller fails HelmRelease "${releaseName}" on it.`,
        location: locate(keyNode ?? valueNode),
        related: [...(invalid.at ? [{ location: invalid.at, message: 'here' }] : []), { location: layer.location, message: `read by HelmRelease "${releaseName}"` }],
      });
      layer.unknown = `${subject} ${invalid.what}`;
      layers.push(layer);
      continue;
    }
    layers.push(layer);
    const root = documents[0] ? asMap(documents[0].contents, documents[0].doc) : null;
    if (!root) continue;
    const layerValues = origins.copy(root, documents[0]!);
    if (kind === 'Secret') markSecret(layerValues);
    markLayer(layerValues);
    merge(values, layerValues, model);
  }

  const inline = nodeAt(spec, ['values']);
  if (isMap(inline)) {
    layers.push({ source: 'values', name: null, key: null, targetPath: null, location: locate(inline), unknown: null });
    const inlineValues = origins.clone(inline as MapNode);
    markLayer(inlineValues);
    merge(values, inlineValues, model);
  }
  return { release, values, layers, layerOf, problems };
}

/**
 * Why helm-controller cannot read a values document as a mapping (it unmarshals it into
 * one), and where; null for a mapping or an empty document. A parser's message is not
 * quoted: the text may come from a Secret.
 */
function notAMapping(document: YamlDocument): { what: string; at: Location | null } | null {
  const problem = documentProblems(document).find((p) => p.kind !== 'duplicate-key');
  if (problem) return { what: problem.kind === 'alias-limit' ? 'expands past the alias limit' : 'is not valid YAML', at: problem.location };
  const root = document.contents;
  if (root === null || isMap(root) || (isScalar(root) && root.value === null)) return null;
  return { what: `holds ${isSeq(root) ? 'a list' : 'a single value'}, not a mapping of values`, at: null };
}

/** The documents of a values text, positioned in the file that wrote it. */
function layerDocuments(node: Scalar, base64: boolean, model: FluxModel): YamlDocument[] {
  const text = !base64 || model.origins.hasRegisteredText(node) ? model.origins.textOf(node) : null;
  if (text) return text.documents();
  // Base64 data written by hand: the decoded text has no positions of its own, so everything points at the value.
  const document = model.origins.documentOf(node);
  if (!document || !node.range) return [];
  const [start, end] = document.fileRange(node.range[0], node.range[1]);
  return parseDocuments(document.source, decodeBase64(String(node.value ?? '')), { start: () => start, end: () => end });
}

function decodeBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}

/**
 * Deep merge of `source` into `target`, as helm-controller's MergeMaps: mappings merge,
 * anything else replaces. A `null` replaces too and stays: Helm then deletes the
 * chart's default for that key.
 */
function merge(target: MapNode, source: MapNode, model: FluxModel): void {
  for (const pair of source.items) {
    const key = keyName(pair);
    if (key === null) continue;
    const value = (pair.value as Node | null) ?? new Scalar(null);
    const index = target.items.findIndex((p) => keyName(p) === key);
    const existing = index >= 0 ? (target.items[index]!.value as Node | null) : null;
    if (isMap(existing) && isMap(value)) {
      merge(existing as MapNode, value as MapNode, model);
      continue;
    }
    if (index >= 0) target.items[index] = new Pair(pair.key, value);
    else target.items.push(new Pair(pair.key, value));
  }
}

/** One step of a targetPath: a mapping key, or a list index (`b[0]`). */
export type TargetPathKey = string | number;

/** The pattern the HelmRelease CRD gives targetPath: the API server rejects anything else. */
const CRD_TARGET_PATH = /^([a-zA-Z0-9_\-.\\/]|\[[0-9]{1,5}\])+$/;

/** Helm's largest list index in a `--set` path (strvals' MaxIndex). */
const MAX_INDEX = 65536;

/**
 * A `targetPath` as Helm's strvals reads a `--set` key: dots separate keys, `name[N]` is
 * index N of the list `name` (also `name[N][M]`), a backslash escapes the next character.
 */
export function targetPathKeys(targetPath: string): TargetPathKey[] | { error: string } {
  const keys: TargetPathKey[] = [];
  let key = '';
  let i = 0;
  const index = (): number | { error: string } => {
    const close = targetPath.indexOf(']', i);
    const digits = close === -1 ? '' : targetPath.slice(i + 1, close);
    if (!/^-?\d+$/.test(digits)) return { error: `"[${digits}" is not a list index` };
    const n = Number(digits);
    if (n < 0) return { error: `negative index ${n}` };
    if (n > MAX_INDEX) return { error: `index ${n} is greater than ${MAX_INDEX}` };
    i = close + 1;
    return n;
  };
  while (i < targetPath.length) {
    const c = targetPath[i]!;
    if (c === '\\' && i + 1 < targetPath.length) {
      key += targetPath[i + 1];
      i += 2;
    } else if (c === '.') {
      if (key === '') return { error: 'an empty key' };
      keys.push(key);
      key = '';
      i++;
    } else if (c === '[') {
      if (key === '') return { error: 'a list index without a key' };
      keys.push(key);
      key = '';
      while (targetPath[i] === '[') {
        const n = index();
        if (typeof n !== 'number') return n;
        keys.push(n);
      }
      if (i < targetPath.length && targetPath[i] !== '.') return { error: `"${targetPath[i]}" after a list index` };
      if (targetPath[i] === '.') {
        i++;
        if (i === targetPath.length) return { error: 'an empty key' };
      }
    } else {
      key += c;
      i++;
    }
  }
  if (key !== '') keys.push(key);
  else if (keys.length === 0 || typeof keys[keys.length - 1] === 'string') return { error: 'an empty key' };
  return keys;
}

/** Sets a value at a targetPath as Helm's `--set` does: missing maps and lists are made, lists padded with null. Keys it creates are placed on the value. */
function setAtPath(values: MapNode, keys: TargetPathKey[], value: Node, model: FluxModel): void {
  const placed = <T extends Node>(node: T): T => {
    if (value.range) node.range = [...value.range] as [number, number, number];
    const document = model.origins.documentOf(value);
    if (document) model.origins.register(node, document);
    return node;
  };
  let current: Node = values;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const next = keys[i + 1];
    const make = (existing: Node | null): Node => {
      if (last) return value;
      if (typeof next === 'number') return isSeq(existing) ? existing : placed(new YAMLSeq<unknown>());
      return isMap(existing) ? existing : placed(new YAMLMap<unknown, unknown>());
    };
    if (typeof key === 'number') {
      const list = current as YAMLSeq<unknown>;
      while (list.items.length <= key) list.items.push(placed(new Scalar(null)));
      current = list.items[key] = make(list.items[key] as Node | null);
      return;
    }
    const map = current as MapNode;
    const pair = map.items.find((p) => keyName(p) === key);
    const child = make((pair?.value as Node | null) ?? null);
    if (pair) pair.value = child;
    else map.items.push(new Pair(placed(new Scalar(key)), child));
    current = child;
  });
}

/** Helm's strvals typing of a `--set` value: booleans, integers and null are typed, the rest is text. */
function typedValue(text: string, origin: Scalar, model: FluxModel): Scalar {
  const value = text === 'true' ? true : text === 'false' ? false : text === 'null' ? null : /^-?(0|[1-9]\d*)$/.test(text) ? Number(text) : text;
  const scalar = new Scalar(value);
  if (origin.range) scalar.range = [...origin.range] as [number, number, number];
  const document = model.origins.documentOf(origin);
  if (document) model.origins.register(scalar, document);
  return scalar;
}

