import { isMap, isScalar, Pair, Scalar, YAMLMap, type Node } from 'yaml';
import type { Location } from '../../diagnostic.js';
import { parseDocuments, type YamlDocument } from '../../yaml/document.js';
import { asMap, forEachNode, itemsOf, keyName, nodeAt, stringValue, type MapNode } from '../../yaml/nodes.js';
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
  const markSecret = (node: Node) => forEachNode(node, (n) => origins.markSecret(n));
  const markLayer = (node: Node) => forEachNode(node, (n) => layerOf.set(n, layers.length - 1));
  const locate = (node: Node | null) => origins.locate(node) ?? release.document.locate(release.anchor);

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
        layer.unknown = `${kind} "${namespace}/${layer.name}" has no key "${layer.key}"`;
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
    layers.push(layer);
    if (targetPath) {
      const value = typedValue(field === 'data' && kind === 'Secret' ? decodeBase64(text) : text, valueNode, model);
      if (kind === 'Secret') markSecret(value);
      markLayer(value);
      setAtPath(values, targetPath, value, model);
      continue;
    }
    const documents = layerDocuments(valueNode, field === 'data' && kind === 'Secret', model);
    const root = documents[0] && !documents[0].hasErrors ? asMap(documents[0].contents, documents[0].doc) : null;
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
  return { release, values, layers, layerOf };
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

/** `targetPath` as Helm's `--set` reads it: dots separate keys, `\.` is a literal dot. Keys it creates are placed on the value. */
function setAtPath(values: MapNode, targetPath: string, value: Node, model: FluxModel): void {
  const keys = targetPath.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, '.'));
  const keyNode = (key: string) => {
    const node = new Scalar(key);
    if (value.range) node.range = [...value.range] as [number, number, number];
    const document = model.origins.documentOf(value);
    if (document) model.origins.register(node, document);
    return node;
  };
  let current = values;
  for (const key of keys.slice(0, -1)) {
    const pair = current.items.find((p) => keyName(p) === key);
    if (pair && isMap(pair.value)) {
      current = pair.value as MapNode;
      continue;
    }
    const next = new YAMLMap<unknown, unknown>() as MapNode;
    if (pair) pair.value = next;
    else current.items.push(new Pair(keyNode(key), next));
    current = next;
  }
  const last = keys[keys.length - 1]!;
  const pair = current.items.find((p) => keyName(p) === last);
  if (pair) pair.value = value;
  else current.items.push(new Pair(keyNode(last), value));
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

