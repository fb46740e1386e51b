import { isMap, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import type { Location } from '../../src/diagnostic.js';
import type { Finding } from '../../src/engine/rule.js';
import { schemaAt, type Problem, type Segment } from '../../src/schemas/problems.js';
import { closest } from '../../src/suggest.js';
import { asMap, itemsOf, keyName, pairsOf, resolve, type MapPair } from '../../src/yaml/nodes.js';

/**
 * Findings from schema problems (see `src/schemas/problems.ts`), worded for a
 * person and placed where the offending key or value was written. Shared by the
 * rules that validate something against a schema: Kubernetes objects, chart
 * values, and configuration files embedded in them.
 */

/** What was validated: its written nodes, how to name it, and how to place a node. */
export interface SchemaSubject {
  /** The validated value as written. */
  root: Node;
  /** The document the nodes belong to, for aliases; none for built trees. */
  doc?: Document;
  /** What the value is, for a message: `HelmRelease "flux-system/podinfo"`. */
  name: string;
  /** Where it is, appended to a message: `in HelmRelease "flux-system/podinfo"`. */
  where: string;
  locate(node: Node): Location;
  /** Whether the value at a path must not appear in a message (a Secret's data, encrypted text). */
  hidden(path: readonly Segment[], node: Scalar): boolean;
  /** A plain scalar as written (numbers like `1.10`), when the text is at hand. */
  written?(node: Scalar): string | null;
  /** Where to point when the root itself lacks a field; the root when not given. */
  rootHolder?(): Node;
}

function order(a: Location, b: Location): number {
  return a.line - b.line || a.column - b.column;
}

export function describeProblem(problem: Problem, subject: SchemaSubject, rootSchema: Record<string, unknown>): Finding {
  const where = subject.where;
  const at = locatePath(subject, problem.path);
  switch (problem.kind) {
    case 'unknown': {
      const field = locatePath(subject, [...problem.path, problem.key]);
      const suggestion = suggest(problem.key, problem.allowed);
      return {
        message: `Unknown field "${pathText([...problem.path, problem.key])}" ${where}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        location: locate(subject, field.key ?? field.value ?? at.value),
        fix: suggestion ? `Rename it to "${suggestion}".` : unknownFieldFix(problem, rootSchema),
      };
    }
    case 'missing':
      return {
        message: `Missing required field "${pathText([...problem.path, problem.field])}" ${where}.`,
        location: holder(subject, problem.path, at),
        fix: `Add "${problem.field}"${problem.path.length ? ` to "${pathText(problem.path)}"` : ''}.`,
      };
    case 'exactlyOne': {
      const owner = problem.path.length ? `"${pathText(problem.path)}"` : subject.name;
      const fields = problem.fields.map((f) => `"${f}"`);
      if (problem.present.length === 0) {
        return {
          message: `${owner} ${where} needs one of ${orList(fields)}; it has none.`,
          location: holder(subject, problem.path, at),
          fix: `Add one of ${orList(fields)}.`,
        };
      }
      // Point at the field written last: the one that came in addition.
      const keys = problem.present.map((f) => locatePath(subject, [...problem.path, f]).key).filter((k): k is Node => !!k?.range);
      const second = keys.sort((a, b) => order(subject.locate(b), subject.locate(a)))[0];
      return {
        message: `${owner} ${where} takes only one of ${orList(fields)}; it has ${andList(problem.present.map((f) => `"${f}"`))}.`,
        location: locate(subject, second ?? at.value),
        fix: 'Keep one of them.',
      };
    }
    case 'type': {
      const actual = describeValue(subject, problem.path, at.value);
      const expected = orList(problem.expected.map(typeName));
      return {
        message: `"${pathText(problem.path)}" ${where} must be ${expected}, not ${actual}.`,
        location: locate(subject, at.value),
        ...typeFix(problem.expected, resolve(at.value, subject.doc)),
      };
    }
    case 'enum': {
      const allowed = problem.allowed.map((v) => JSON.stringify(v));
      const written = scalarOf(resolve(at.value, subject.doc));
      const names = problem.allowed.filter((v): v is string => typeof v === 'string' && v !== '');
      const suggestion = typeof written === 'string' ? suggest(written, names) : null;
      const list = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
      return {
        message: `"${pathText(problem.path)}" ${where} must be one of ${list}, not ${describeValue(subject, problem.path, at.value)}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        location: locate(subject, at.value),
        ...(suggestion ? { fix: `Use "${suggestion}".` } : {}),
      };
    }
    case 'pattern':
      return {
        message: `"${pathText(problem.path)}" ${where} must be ${problem.description ?? `a string matching ${problem.pattern}`}, not ${describeValue(subject, problem.path, at.value)}.`,
        location: locate(subject, at.value),
      };
    case 'limit':
      return {
        message: `"${pathText(problem.path)}" ${where} ${limitText(problem.keyword, problem.limit)}.`,
        location: locate(subject, at.value),
      };
    default:
      return {
        message: `"${pathText(problem.path)}" ${where} does not match its schema (${problem.keyword}).`,
        location: locate(subject, at.value),
      };
  }
}

function unknownFieldFix(problem: Extract<Problem, { kind: 'unknown' }>, rootSchema: Record<string, unknown>): string {
  // Indentation is the usual cause: a level left out (`chart.chart` for `chart.spec.chart`), or one too many.
  for (const child of problem.allowed) {
    if (hasField(rootSchema, [...problem.path, child], problem.key)) {
      return `"${problem.key}" belongs in "${pathText([...problem.path, child])}"; check its indentation.`;
    }
  }
  const parent = problem.path.slice(0, -1);
  if (problem.path.length && typeof problem.path[problem.path.length - 1] === 'string' && hasField(rootSchema, parent, problem.key)) {
    return `"${problem.key}" belongs in ${parent.length ? `"${pathText(parent)}"` : 'the top level'}; check its indentation.`;
  }
  const place = problem.path.length ? `"${pathText(problem.path)}"` : 'the top level';
  const fields = problem.allowed.length > 15 ? `${problem.allowed.slice(0, 15).join(', ')} and ${problem.allowed.length - 15} more` : problem.allowed.join(', ');
  return problem.allowed.length ? `Remove it; ${place} takes ${fields}.` : `Remove it; ${place} takes no fields.`;
}

/** A likely intended name: a near miss, or the one name that the written text begins. */
function suggest(written: string, candidates: readonly string[]): string | null {
  const near = closest(written, candidates);
  if (near !== null && near !== written) return near;
  const lower = written.toLowerCase();
  const prefixed = lower.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  return prefixed.length === 1 ? prefixed[0]! : null;
}

function hasField(rootSchema: Record<string, unknown>, path: Segment[], key: string): boolean {
  const properties = schemaAt(rootSchema, path)?.properties as Record<string, unknown> | undefined;
  return !!properties && Object.hasOwn(properties, key);
}

function typeFix(expected: string[], node: Node | null): { fix?: string } {
  const value = scalarOf(node);
  if (expected.includes('string') && (typeof value === 'number' || typeof value === 'boolean')) {
    return { fix: 'Quote the value so that YAML reads it as a string.' };
  }
  if (typeof value === 'string' && isScalar(node) && node.type !== 'PLAIN' && !expected.includes('string')) {
    const unquoted = value.trim();
    const looksRight =
      ((expected.includes('integer') || expected.includes('number')) && /^-?\d+(\.\d+)?$/.test(unquoted)) ||
      (expected.includes('boolean') && /^(true|false)$/.test(unquoted));
    if (looksRight) return { fix: 'Remove the quotes.' };
  }
  return {};
}

function limitText(keyword: string, limit: number): string {
  switch (keyword) {
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'minimum':
      return `must be at least ${limit}`;
    case 'maximum':
      return `must be at most ${limit}`;
    case 'minItems':
      return `must have at least ${limit} item${limit === 1 ? '' : 's'}`;
    default:
      return `must have at most ${limit} item${limit === 1 ? '' : 's'}`;
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "spec.chart.spec.sourceRef", "spec.valuesFrom[0].kind", `metadata.labels["app.kubernetes.io/name"]`. */
export function pathText(path: readonly Segment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** What a value is, and the value itself when it may be shown: never a secret, kept short. */
function describeValue(subject: SchemaSubject, path: readonly Segment[], node: Node | null): string {
  const resolved = resolve(node, subject.doc);
  if (isMap(resolved)) return 'a mapping';
  if (isSeq(resolved)) return 'a list';
  const value = scalarOf(resolved);
  const type = typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : 'a value';
  const shown = shownValue(subject, path, resolved as Scalar | null);
  return shown === null ? type : `${type} (${shown})`;
}

const MAX_SHOWN = 40;

function shownValue(subject: SchemaSubject, path: readonly Segment[], node: Scalar | null): string | null {
  if (!node || !isScalar(node)) return null;
  if (subject.hidden(path, node)) return null;
  const value = node.value;
  if (typeof value === 'string') {
    if (/ENC\[/.test(value)) return null;
    const text = JSON.stringify(value);
    return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 2)}…"` : text;
  }
  // Numbers as written: `1.10`, not 1.1.
  const source = (node.type === 'PLAIN' ? subject.written?.(node) : null) ?? String(value);
  return source.length > MAX_SHOWN ? `${source.slice(0, MAX_SHOWN - 1)}…` : source;
}

function scalarOf(node: Node | null): unknown {
  return isScalar(node) ? node.value : undefined;
}

// ---------------------------------------------------------------------------------
// Locations

interface Located {
  /** The value at the path as written (an alias stays an alias), or the deepest node found. */
  value: Node | null;
  /** The key of the last mapping step, when the path ends in a mapping key that was found. */
  key: Node | null;
}

/** The nodes of a path of the object's plain value, through aliases and merge keys. */
function locatePath(subject: SchemaSubject, path: readonly Segment[]): Located {
  let value: Node | null = subject.root;
  let key: Node | null = null;
  for (const segment of path) {
    if (typeof segment === 'number') {
      const item: Node | undefined = itemsOfRaw(value, subject)[segment];
      if (!item) return { value, key: null };
      value = item;
      key = null;
    } else {
      const pair = findPair(value, segment, subject);
      if (!pair) return { value, key: null };
      value = (pair.value as Node | null) ?? (pair.key as Node);
      key = pair.key as Node;
    }
  }
  return { value, key };
}

function itemsOfRaw(node: Node | null, subject: SchemaSubject): Node[] {
  const seq = resolve(node, subject.doc);
  return isSeq(seq) ? (seq.items as Node[]) : [];
}

/** The pair of a key as the plain value sees it: the last one written, else through `<<` merges. */
function findPair(node: Node | null, key: string, subject: SchemaSubject, depth = 0): MapPair | null {
  const doc = subject.doc;
  const map = asMap(node, doc);
  if (!map || depth > 16) return null;
  const pairs = pairsOf(map, doc);
  for (let i = pairs.length - 1; i >= 0; i--) if (keyName(pairs[i]!) === key) return pairs[i]!;
  for (const pair of pairs) {
    if (!isMergeKey(pair)) continue;
    const source = resolve(pair.value, doc);
    const sources = isSeq(source) ? itemsOf(source, doc) : [source];
    for (const s of sources) {
      const found = findPair(s, key, subject, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

function isMergeKey(pair: MapPair): boolean {
  const key = pair.key;
  return isScalar(key) && (typeof key.value === 'symbol' || key.value === '<<');
}

/** The mapping that lacks a field: its key when it has one, else the mapping (a list item), else the subject's holder. */
function holder(subject: SchemaSubject, path: readonly Segment[], at: Located): Location {
  if (path.length === 0) return locate(subject, subject.rootHolder?.() ?? subject.root);
  return locate(subject, at.key ?? at.value);
}

function locate(subject: SchemaSubject, node: Node | null): Location {
  return subject.locate(node ?? subject.root);
}

