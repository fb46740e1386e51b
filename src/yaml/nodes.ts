import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * Small, alias-aware accessors over `yaml` nodes. Rules use them to read a document
 * while keeping the node (and so the position) of every value.
 */

export type MapNode = YAMLMap<unknown, unknown>;
export type SeqNode = YAMLSeq<unknown>;
export type MapPair = Pair<unknown, unknown>;

/** Follows an alias to its anchored node; other nodes are returned as they are. */
export function resolve(node: unknown, doc?: Document): Node | null {
  if (isAlias(node)) {
    if (!doc) return null;
    try {
      return (node.resolve(doc) as Node | undefined) ?? null;
    } catch {
      return null;
    }
  }
  return (node as Node | null) ?? null;
}

export function asMap(node: unknown, doc?: Document): MapNode | null {
  const n = resolve(node, doc);
  return isMap(n) ? (n as MapNode) : null;
}

export function asSeq(node: unknown, doc?: Document): SeqNode | null {
  const n = resolve(node, doc);
  return isSeq(n) ? (n as SeqNode) : null;
}

/** The key of a pair as a string, when it is a scalar; a `<<` merge key is '<<'. */
export function keyName(pair: MapPair): string | null {
  const key = pair.key;
  if (isScalar(key) && typeof key.value === 'symbol') return key.value.description ?? null;
  if (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number' || typeof key.value === 'boolean')) {
    return String(key.value);
  }
  return null;
}

/** The pair with a given key in a mapping. */
export function pairOf(node: unknown, key: string, doc?: Document): MapPair | null {
  const map = asMap(node, doc);
  if (!map) return null;
  for (const item of map.items) {
    if (isPair(item) && keyName(item as MapPair) === key) return item as MapPair;
  }
  return null;
}

/** The value node at a path of mapping keys, or null. */
export function nodeAt(node: unknown, path: readonly string[], doc?: Document): Node | null {
  let current: Node | null = resolve(node, doc);
  for (const key of path) {
    const pair = pairOf(current, key, doc);
    if (!pair) return null;
    current = resolve(pair.value, doc);
  }
  return current;
}

/** The string value of a scalar node, or null for anything else. */
export function stringValue(node: unknown, doc?: Document): string | null {
  const n = resolve(node, doc);
  return isScalar(n) && typeof n.value === 'string' ? n.value : null;
}

/** The string at a path, or null. */
export function stringAt(node: unknown, path: readonly string[], doc?: Document): string | null {
  return stringValue(nodeAt(node, path, doc), doc);
}

/** The pairs of a mapping. */
export function pairsOf(node: unknown, doc?: Document): MapPair[] {
  const map = asMap(node, doc);
  return map ? (map.items.filter((item) => isPair(item)) as MapPair[]) : [];
}

/** The items of a sequence. */
export function itemsOf(node: unknown, doc?: Document): Node[] {
  const seq = asSeq(node, doc);
  return seq ? (seq.items.map((item) => resolve(item, doc)).filter((n): n is Node => n !== null)) : [];
}

/** Every scalar below a node, with the chain of mapping keys that leads to it. */
export function* scalarLeaves(
  node: unknown,
  doc?: Document,
  path: string[] = [],
  seen: Set<Node> = new Set(),
): Generator<{ path: string[]; node: Node; pair: MapPair | null }> {
  const n = resolve(node, doc);
  if (!n || seen.has(n)) return;
  if (isMap(n)) {
    seen.add(n);
    for (const pair of pairsOf(n, doc)) {
      const key = keyName(pair) ?? '?';
      const value = resolve(pair.value, doc);
      if (value && (isMap(value) || isSeq(value))) yield* scalarLeaves(value, doc, [...path, key], seen);
      else if (value) yield { path: [...path, key], node: value, pair };
    }
    seen.delete(n);
  } else if (isSeq(n)) {
    seen.add(n);
    for (const item of n.items) {
      const value = resolve(item, doc);
      if (value && (isMap(value) || isSeq(value))) yield* scalarLeaves(value, doc, path, seen);
      else if (value) yield { path, node: value, pair: null };
    }
    seen.delete(n);
  } else {
    yield { path, node: n, pair: null };
  }
}

/** Calls `visit` on a node and every node below it (keys and values). */
export function forEachNode(node: Node, visit: (node: Node) => void): void {
  visit(node);
  if (isMap(node)) {
    for (const pair of (node as MapNode).items) {
      if (pair.key) visit(pair.key as Node);
      if (pair.value) forEachNode(pair.value as Node, visit);
    }
  } else if (isSeq(node)) for (const item of node.items) forEachNode(item as Node, visit);
}
