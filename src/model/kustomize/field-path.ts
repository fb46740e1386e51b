import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { keyName, type MapNode } from '../../yaml/nodes.js';
import { goRegExp } from '../go-regex.js';

/**
 * The dotted field paths of kustomize's replacements (kyaml's path splitter,
 * `yaml.Lookup` and `yaml.PathMatcher`, kyaml v0.18): `spec.template.spec`, a
 * key with a dot escaped (`metadata.annotations.a\.b/c`), a list element by a
 * field (`containers.[name=app]`) or by its value (`args.[=--debug]`), an index
 * (`ports.0`) and every element (`containers.*`).
 */

/** Splits a field path as kyaml does: at dots, except escaped ones and those inside `[…=…]`. */
export function splitFieldPath(path: string): string[] {
  let parts = path.split('.');
  if (parts.length > 1 && parts[0] === '') parts = parts.slice(1);
  const joined: string[] = [];
  for (const part of parts) {
    const last = joined[joined.length - 1];
    if (last !== undefined && last.endsWith('\\')) joined[joined.length - 1] = `${last.slice(0, -1)}.${part}`;
    else joined.push(part);
  }
  const result: string[] = [];
  for (let i = 0; i < joined.length; i++) {
    const part = joined[i]!;
    if (!part.startsWith('[') || part.endsWith(']')) {
      result.push(part);
      continue;
    }
    const bracketed = [part];
    while (i < joined.length - 1) {
      bracketed.push(joined[++i]!);
      if (joined[i]!.endsWith(']')) break;
    }
    const whole = bracketed.join('.');
    result.push(whole.includes('=') ? whole : whole.replace(/^\[+|\]+$/g, ''));
  }
  return result;
}

const isIndex = (part: string) => /^\+?\d+$/.test(part);
const isListMatch = (part: string) => part.startsWith('[') && part.endsWith(']');

/** `[name=value]` as its field and value ('' field: the element itself). */
function listMatch(part: string): { field: string; value: string } | null {
  const inner = part.slice(1, -1);
  const equals = inner.indexOf('=');
  return equals === -1 ? null : { field: inner.slice(0, equals), value: inner.slice(equals + 1) };
}

/** A scalar's text as go-yaml holds it (kustomize compares and copies that). */
export function scalarText(node: Node | null | undefined): string {
  if (!isScalar(node)) return '';
  const value = node.value;
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** The node at a path (`yaml.Lookup`: no wildcard, list elements matched exactly), or null. */
export function lookupPath(root: Node, parts: string[]): Node | null {
  let current: Node | null = root;
  for (const part of parts) {
    if (!current) return null;
    if (isListMatch(part)) {
      const match = listMatch(part);
      if (!match || !isSeq(current)) return null;
      current = (current.items as Node[]).find((item) => (match.field ? isMap(item) && scalarText((item as MapNode).get(match.field, true) as Node) === match.value : scalarText(item) === match.value)) ?? null;
    } else if (isIndex(part) && isSeq(current)) {
      current = (current.items[Number(part)] as Node | undefined) ?? null;
    } else if (isMap(current)) {
      current = ((current as MapNode).items.find((pair) => keyName(pair) === part)?.value as Node | undefined) ?? null;
    } else return null;
  }
  return current;
}

/** A place a value can be written: a mapping's pair or a sequence's item. */
export interface FieldSlot {
  node: Node | null;
  /** Whether the path walk created this field (kustomize then writes the value untagged). */
  created: boolean;
  set(value: Node): void;
}

/** What `matchPath` creates missing fields with: the leaf's kind, and a way to register new nodes. */
export interface CreateOptions {
  leaf: 'scalar' | 'map' | 'seq';
  register(node: Node): void;
}

/** Why a path cannot be walked; kustomize build fails there. */
export class FieldPathError extends Error {}

/**
 * Every field a path selects (`yaml.PathMatcher`), created where missing when asked:
 * intermediate fields become mappings, or sequences before an index or `[…=…]`; a
 * list element is matched by an unanchored regular expression, as kyaml does.
 */
export function matchPath(slot: FieldSlot, parts: string[], create: CreateOptions | null): FieldSlot[] {
  const [part, ...rest] = parts;
  if (part === undefined) return [slot];
  const node = slot.node;
  if (isIndex(part)) {
    const seq = sequence(node, part);
    const index = Number(part);
    const append = index === seq.items.length && create !== null;
    if (append) seq.items.push(newNode(rest, create));
    if (index >= seq.items.length) throw new FieldPathError(`index ${index} specified but only ${seq.items.length} elements found`);
    return matchPath(itemSlot(seq, index, append), rest, create);
  }
  if (isListMatch(part)) {
    const match = listMatch(part);
    if (!match) throw new FieldPathError('list path element must contain fieldName=fieldValue for element to match');
    const seq = sequence(node, part);
    const pattern = goRegExp(match.value);
    if ('error' in pattern) throw new FieldPathError(`error parsing regexp: ${pattern.error}`);
    const matching = (): number[] =>
      seq.items.flatMap((item, index) => {
        const text = match.field ? (isMap(item) ? ((item as MapNode).get(match.field, true) as Node | undefined) : undefined) : (item as Node);
        return text !== undefined && text !== null && pattern.test(scalarText(text).trim()) ? [index] : [];
      });
    let found = matching();
    if (!found.length && create) {
      const value = new Scalar(match.value);
      create.register(value);
      let element: Node = value;
      if (match.field) {
        const key = new Scalar(match.field);
        create.register(key);
        element = new YAMLMap<unknown, unknown>();
        (element as MapNode).items.push(new Pair(key, value));
        create.register(element);
      }
      seq.items.push(element);
      found = matching();
    }
    return found.flatMap((index) => matchPath(itemSlot(seq, index, false), rest, create));
  }
  if (part === '*') {
    const seq = sequence(node, part);
    return seq.items.flatMap((_, index) => matchPath(itemSlot(seq, index, false), rest, create));
  }
  if (!isMap(node)) {
    if (create) throw new FieldPathError(`cannot create field "${part}": the parent is not a mapping`);
    return [];
  }
  const map = node as MapNode;
  let pair = map.items.find((p) => keyName(p) === part);
  let created = false;
  if (!pair) {
    if (!create) return [];
    const key = new Scalar(part);
    create.register(key);
    pair = new Pair(key, newNode(rest, create));
    map.items.push(pair);
    created = true;
  }
  const found = pair;
  return matchPath({ node: (found.value as Node | null) ?? null, created, set: (value) => (found.value = value) }, rest, create);
}

function sequence(node: Node | null, part: string): YAMLSeq<unknown> {
  if (!isSeq(node)) throw new FieldPathError(`"${part}" needs a list, and the field there is ${node ? (isMap(node) ? 'a mapping' : 'a scalar') : 'empty'}`);
  return node;
}

function itemSlot(seq: YAMLSeq<unknown>, index: number, created: boolean): FieldSlot {
  return { node: (seq.items[index] as Node | null) ?? null, created, set: (value) => (seq.items[index] = value) };
}

/** The empty node kyaml creates for a missing part: a list before an index or a match, the leaf's kind last, else a mapping. */
function newNode(rest: string[], create: CreateOptions): Node {
  const next = rest[0];
  const kind = next === undefined ? create.leaf : isIndex(next) || isListMatch(next) ? 'seq' : 'map';
  const node: Node = kind === 'scalar' ? new Scalar(null) : kind === 'seq' ? new YAMLSeq<unknown>() : new YAMLMap<unknown, unknown>();
  create.register(node);
  return node;
}
