import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, Pair, Scalar, type Document, type Node, type YAMLSeq } from 'yaml';
import type { YamlDocument } from '../../yaml/document.js';
import { asMap, keyName, pairsOf, stringValue, type MapNode } from '../../yaml/nodes.js';
import type { Origins } from '../origins.js';

/**
 * Strategic-merge and JSON 6902 patches over built objects. Values a patch writes
 * are copies of the patch's nodes, so their origin is the patch's file and line.
 */

/** Merge keys of lists in the built-in kinds, by field name (kustomize reads them from the OpenAPI schema). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  volumeDevices: 'devicePath',
};

/** Kinds whose lists merge by key; in any other kind (custom resources) lists are replaced. */
const BUILTIN_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'Service', 'PodTemplate']);

export interface PatchContext {
  origins: Origins;
  /** The document of the patch, for the origin of copied nodes. */
  document: YamlDocument;
  /** Kind of the patched object: decides whether lists merge by key. */
  kind: string;
}

/**
 * Applies a strategic-merge patch to a mapping in place. Returns false when the
 * patch deletes the target (`$patch: delete`).
 */
export function strategicMerge(target: MapNode, patch: MapNode, context: PatchContext, path: string[] = []): boolean {
  const directive = stringValue(patch.get('$patch', true));
  if (directive === 'delete') return false;
  if (directive === 'replace') {
    target.items = [];
  }
  for (const pair of pairsOf(patch)) {
    const key = keyName(pair);
    if (key === null || key === '$patch' || key.startsWith('$setElementOrder') || key === '$retainKeys') continue;
    const value = pair.value as Node | null;
    if (!value || (isScalar(value) && value.value === null)) {
      target.delete(key);
      continue;
    }
    const existing = target.get(key, true) as Node | undefined;
    if (isMap(value) && isMap(existing)) {
      const keep = strategicMerge(existing as MapNode, value as MapNode, context, [...path, key]);
      if (!keep) target.delete(key);
      continue;
    }
    const mergeKey = BUILTIN_KINDS.has(context.kind) ? mergeKeyOf(key, path) : undefined;
    if (isSeq(value) && isSeq(existing) && mergeKey) {
      mergeList(existing as YAMLSeq<unknown>, value as YAMLSeq<unknown>, mergeKey, context, [...path, key]);
      continue;
    }
    setPair(target, key, withoutDirectives(context.origins.copy(value, context.document)), () => context.origins.copy(pair.key as Node, context.document));
  }
  return true;
}

/** The merge key of a list field: ports merge by containerPort in a container, by port elsewhere (a Service). */
function mergeKeyOf(key: string, path: string[]): string | undefined {
  if (key === 'ports') return path.includes('containers') || path.includes('initContainers') || path.includes('ephemeralContainers') ? 'containerPort' : 'port';
  return MERGE_KEYS[key];
}

/**
 * Merges a keyed list as kustomize does: the patch's items first, in the patch's
 * order (merged into the target's item with the same key), then the target's other
 * items; `$patch: delete` removes an item.
 */
function mergeList(target: YAMLSeq<unknown>, patch: YAMLSeq<unknown>, mergeKey: string, context: PatchContext, path: string[]): void {
  const keyOf = (node: unknown) => (isMap(node) ? String((node as MapNode).get(mergeKey) ?? '') || null : null);
  const remaining = [...target.items];
  const merged: unknown[] = [];
  for (const item of patch.items) {
    const patchItem = item as Node;
    const id = keyOf(patchItem);
    const index = id === null ? -1 : remaining.findIndex((t) => keyOf(t) === id);
    const deletes = isMap(patchItem) && stringValue((patchItem as MapNode).get('$patch', true)) === 'delete';
    if (index === -1) {
      if (!deletes) merged.push(withoutDirectives(context.origins.copy(patchItem, context.document)));
      continue;
    }
    const [existing] = remaining.splice(index, 1) as Node[];
    if (isMap(existing) && isMap(patchItem) && strategicMerge(existing as MapNode, patchItem as MapNode, context, path)) merged.push(existing);
  }
  target.items = [...merged, ...remaining];
}

/** Removes `$patch` directives from a copied subtree (kustomize drops them from output). */
function withoutDirectives<T extends Node>(node: T): T {
  if (isMap(node)) {
    (node as MapNode).delete('$patch');
    for (const pair of pairsOf(node)) if (pair.value) withoutDirectives(pair.value as Node);
  } else if (isSeq(node)) {
    for (const item of node.items) withoutDirectives(item as Node);
  }
  return node;
}

/** Sets a key, keeping the place of an existing pair; a new pair gets the key node `newKey` makes. */
function setPair(target: MapNode, key: string, value: Node, newKey: () => Node): void {
  const existing = target.items.find((p) => keyName(p) === key);
  if (existing) existing.value = value;
  else target.items.push(new Pair(newKey(), value));
}

/** A JSON 6902 operation as written in a patch. */
export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: Node;
  node: Node;
}

const JSON_PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

/** A JSON 6902 patch: its well-formed operations, and what is wrong with the others (kustomize stops on each). */
export interface JsonPatch {
  ops: JsonPatchOperation[];
  problems: { node: Node; message: string }[];
}

/** The operations of a JSON 6902 patch (a list); null when the node is not a list. */
export function readJsonPatch(node: Node, doc?: Document): JsonPatch | null {
  if (!isSeq(node)) return null;
  const patch: JsonPatch = { ops: [], problems: [] };
  node.items.forEach((item, index) => {
    const problem = (at: Node, message: string) => patch.problems.push({ node: at, message: `JSON patch operation ${index + 1} ${message}; kustomize stops the build on it.` });
    const map = asMap(item, doc);
    if (!map) return problem(item as Node, 'is not a mapping with "op" and "path"');
    const opNode = map.get('op', true) as Node | undefined;
    const op = stringValue(opNode, doc);
    if (op === null) return problem(opNode ?? (item as Node), 'has no "op" string (add, remove, replace, move, copy or test)');
    if (!JSON_PATCH_OPS.includes(op)) return problem(opNode!, `has the op "${op}", which is not one of ${JSON_PATCH_OPS.join(', ')}`);
    const path = stringValue(map.get('path', true), doc);
    if (path === null) return problem(item as Node, `("${op}") has no "path" string`);
    const from = stringValue(map.get('from', true), doc) ?? undefined;
    if ((op === 'move' || op === 'copy') && from === undefined) return problem(item as Node, `("${op}") has no "from" string`);
    patch.ops.push({ op, path, from, value: map.get('value', true) as Node | undefined, node: item as Node });
  });
  return patch;
}

/** Applies JSON 6902 operations in place, each that applies; returns those that did not (a failed `test` among them). */
export function applyJsonPatch(root: MapNode, ops: JsonPatchOperation[], context: PatchContext): JsonPatchOperation[] {
  return ops.filter((op) => !applyOperation(root, op, context));
}

function pointer(path: string): string[] | null {
  if (path === '') return [];
  if (!path.startsWith('/')) return null;
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function applyOperation(root: MapNode, op: JsonPatchOperation, context: PatchContext): boolean {
  const keys = pointer(op.path);
  if (!keys || keys.length === 0) return false;
  const parent = walk(root, keys.slice(0, -1));
  const last = keys[keys.length - 1]!;
  switch (op.op) {
    case 'add':
    case 'replace': {
      const value = op.value ? context.origins.copy(op.value, context.document) : new Scalar(null);
      return insert(parent, last, value, op.op, () => keyFor(last, op, context));
    }
    case 'remove':
      return remove(parent, last) !== null;
    case 'move':
    case 'copy': {
      const fromKeys = op.from === undefined ? null : pointer(op.from);
      if (!fromKeys || fromKeys.length === 0) return false;
      const source = walk(root, fromKeys);
      if (!source) return false;
      const value = op.op === 'move' ? remove(walk(root, fromKeys.slice(0, -1)), fromKeys[fromKeys.length - 1]!) : cloneBuilt(source, context);
      return value !== null && insert(walk(root, keys.slice(0, -1)), last, value, 'add', () => keyFor(last, op, context));
    }
    case 'test': {
      const current = walk(root, keys);
      const expected = op.value ? op.value.toJS(context.document.doc) : null;
      return current !== null && isDeepStrictEqual(current.toJSON(), expected);
    }
    default:
      return false;
  }
}

/** A key node for a pair a JSON patch adds, placed on the operation that added it. */
function keyFor(key: string, op: JsonPatchOperation, context: PatchContext): Node {
  const node = new Scalar(key);
  if (op.node.range) node.range = [...op.node.range] as [number, number, number];
  context.origins.register(node, context.document);
  return node;
}

function insert(parent: Node | null, last: string, value: Node, mode: 'add' | 'replace', newKey: () => Node): boolean {
  if (isMap(parent)) {
    // kustomize's JSON patch library (evanphx/json-patch v4) finds a missing key of an existing mapping, so `replace` adds it there.
    setPair(parent as MapNode, last, value, newKey);
    return true;
  }
  if (isSeq(parent)) {
    const seq = parent as YAMLSeq<unknown>;
    if (last === '-' && mode === 'add') {
      seq.items.push(value);
      return true;
    }
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index > seq.items.length) return false;
    if (mode === 'add') seq.items.splice(index, 0, value);
    else if (index < seq.items.length) seq.items[index] = value;
    else return false;
    return true;
  }
  return false;
}

function cloneBuilt(node: Node, context: PatchContext): Node {
  const document = context.origins.documentOf(node) ?? context.document;
  return context.origins.copy(node, document);
}

function walk(root: Node, keys: string[]): Node | null {
  let current: Node | null = root;
  for (const key of keys) {
    if (isMap(current)) current = ((current as MapNode).get(key, true) as Node | undefined) ?? null;
    else if (isSeq(current)) current = (current.items[Number(key)] as Node | undefined) ?? null;
    else return null;
  }
  return current;
}

function remove(parent: Node | null, key: string): Node | null {
  if (isMap(parent)) {
    const map = parent as MapNode;
    const value = map.get(key, true) as Node | undefined;
    if (value === undefined) return null;
    map.delete(key);
    return value;
  }
  if (isSeq(parent)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= parent.items.length) return null;
    return parent.items.splice(index, 1)[0] as Node;
  }
  return null;
}
