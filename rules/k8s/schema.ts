import path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Location } from '../../src/diagnostic.js';
import type { Finding, Rule } from '../../src/engine/rule.js';
import type { Repository } from '../../src/model/repository.js';
import { displayName, type Resource } from '../../src/model/resource.js';
import { problemsOf, schemaAt, withoutNulls, type Problem, type Segment } from '../../src/schemas/problems.js';
import { k8sValidators } from '../../src/schemas/validators.js';
import { closest } from '../../src/suggest.js';
import { asMap, itemsOf, keyName, nodeAt, pairOf, pairsOf, resolve, stringAt, stringValue, type MapPair } from '../../src/yaml/nodes.js';

/**
 * Validates Flux, cert-manager and core Kubernetes objects against the schemas in
 * `schemas/k8s/` (written by fluxlint, see `src/schemas/definitions/`). Kinds and
 * apiVersions without a schema are left alone.
 */
export const schema: Rule = {
  meta: {
    id: 'k8s/schema',
    severity: 'error',
    description: 'A Flux, cert-manager or core Kubernetes object has an unknown field, a value of the wrong type or form, or lacks a required field.',
    docs: {
      rationale:
        'The API server rejects a wrong type or a missing field, and the whole Flux Kustomization that applies the object fails; an unknown field is dropped at best, so a misspelt setting silently never takes effect.',
      bad: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\nspec:\n  interval: 10 minutes\n  chart:\n    spec:\n      chart: podinfo\n      sourceref:\n        kind: HelmRepository\n        name: podinfo',
      good: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: podinfo\n      sourceRef:\n        kind: HelmRepository\n        name: podinfo',
    },
  },
  create(context) {
    let layout: Layout | undefined;
    return {
      resource(resource) {
        const validators = k8sValidators();
        if (!validators.has(resource.apiVersion, resource.kind)) return;
        const written = resource.document.toJS();
        if (written === undefined) return;
        const value = withoutNulls(written);
        const errors = validators.validate(resource.apiVersion, resource.kind, value);
        if (!errors || errors.length === 0) return;
        layout ??= repositoryLayout(context.repository);
        const file = resource.document.source.path;
        if (layout.chartTemplateDirs.some((dir) => file.startsWith(dir))) return;
        const patch = layout.patchFiles.has(file) || stringAt(resource.node, ['$patch'], resource.document.doc) !== null;
        const rootSchema = validators.schema(resource.apiVersion, resource.kind)!;
        for (const problem of problemsOf(errors, value, rootSchema, { patch })) {
          context.report(describe(problem, resource, rootSchema));
        }
      },
    };
  },
};

// ---------------------------------------------------------------------------------
// Messages

function describe(problem: Problem, resource: Resource, rootSchema: Record<string, unknown>): Finding {
  const where = `in ${resource.kind} "${displayName(resource)}"`;
  const at = locatePath(resource, problem.path);
  switch (problem.kind) {
    case 'unknown': {
      const field = locatePath(resource, [...problem.path, problem.key]);
      const suggestion = suggest(problem.key, problem.allowed);
      return {
        message: `Unknown field "${pathText([...problem.path, problem.key])}" ${where}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        location: locate(resource, field.key ?? field.value ?? at.value),
        fix: suggestion ? `Rename it to "${suggestion}".` : unknownFieldFix(problem, rootSchema),
      };
    }
    case 'missing':
      return {
        message: `Missing required field "${pathText([...problem.path, problem.field])}" ${where}.`,
        location: holder(resource, problem.path, at),
        fix: `Add "${problem.field}"${problem.path.length ? ` to "${pathText(problem.path)}"` : ''}.`,
      };
    case 'exactlyOne': {
      const owner = problem.path.length ? `"${pathText(problem.path)}"` : resource.kind;
      const fields = problem.fields.map((f) => `"${f}"`);
      if (problem.present.length === 0) {
        return {
          message: `${owner} ${where} needs one of ${orList(fields)}; it has none.`,
          location: holder(resource, problem.path, at),
          fix: `Add one of ${orList(fields)}.`,
        };
      }
      // Point at the field written last: the one that came in addition.
      const keys = problem.present.map((f) => locatePath(resource, [...problem.path, f]).key).filter((k): k is Node => !!k?.range);
      const second = keys.sort((a, b) => resource.document.fileRange(b.range![0], b.range![1])[0] - resource.document.fileRange(a.range![0], a.range![1])[0])[0];
      return {
        message: `${owner} ${where} takes only one of ${orList(fields)}; it has ${andList(problem.present.map((f) => `"${f}"`))}.`,
        location: locate(resource, second ?? at.value),
        fix: 'Keep one of them.',
      };
    }
    case 'type': {
      const actual = describeValue(resource, problem.path, at.value);
      const expected = orList(problem.expected.map(typeName));
      return {
        message: `"${pathText(problem.path)}" ${where} must be ${expected}, not ${actual}.`,
        location: locate(resource, at.value),
        ...typeFix(problem.expected, resolve(at.value, resource.document.doc)),
      };
    }
    case 'enum': {
      const allowed = problem.allowed.map((v) => JSON.stringify(v));
      const written = scalarOf(resolve(at.value, resource.document.doc));
      const names = problem.allowed.filter((v): v is string => typeof v === 'string' && v !== '');
      const suggestion = typeof written === 'string' ? suggest(written, names) : null;
      const list = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
      return {
        message: `"${pathText(problem.path)}" ${where} must be one of ${list}, not ${describeValue(resource, problem.path, at.value)}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        location: locate(resource, at.value),
        ...(suggestion ? { fix: `Use "${suggestion}".` } : {}),
      };
    }
    case 'pattern':
      return {
        message: `"${pathText(problem.path)}" ${where} must be ${problem.description ?? `a string matching ${problem.pattern}`}, not ${describeValue(resource, problem.path, at.value)}.`,
        location: locate(resource, at.value),
      };
    case 'limit':
      return {
        message: `"${pathText(problem.path)}" ${where} ${limitText(problem.keyword, problem.limit)}.`,
        location: locate(resource, at.value),
      };
    default:
      return {
        message: `"${pathText(problem.path)}" ${where} does not match its schema (${problem.keyword}).`,
        location: locate(resource, at.value),
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
function describeValue(resource: Resource, path: readonly Segment[], node: Node | null): string {
  const resolved = resolve(node, resource.document.doc);
  if (isMap(resolved)) return 'a mapping';
  if (isSeq(resolved)) return 'a list';
  const value = scalarOf(resolved);
  const type = typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : 'a value';
  const shown = shownValue(resource, path, resolved as Scalar | null);
  return shown === null ? type : `${type} (${shown})`;
}

const MAX_SHOWN = 40;

function shownValue(resource: Resource, path: readonly Segment[], node: Scalar | null): string | null {
  if (!node || !isScalar(node)) return null;
  if (resource.kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData')) return null;
  const { document } = resource;
  if (node.range) {
    const [start, end] = document.fileRange(node.range[0], node.range[1]);
    if (document.source.secretRanges.some(([s, e]) => s < Math.max(end, start + 1) && e > start)) return null;
  }
  const value = node.value;
  if (typeof value === 'string') {
    if (/ENC\[/.test(value)) return null;
    const text = JSON.stringify(value);
    return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 2)}…"` : text;
  }
  // Numbers as written: `1.10`, not 1.1.
  const source = node.range && node.type === 'PLAIN' ? document.text.slice(node.range[0], node.range[1]).trim() : String(value);
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
function locatePath(resource: Resource, path: readonly Segment[]): Located {
  let value: Node | null = resource.node;
  let key: Node | null = null;
  for (const segment of path) {
    if (typeof segment === 'number') {
      const item: Node | undefined = itemsOfRaw(value, resource)[segment];
      if (!item) return { value, key: null };
      value = item;
      key = null;
    } else {
      const pair = findPair(value, segment, resource);
      if (!pair) return { value, key: null };
      value = (pair.value as Node | null) ?? (pair.key as Node);
      key = pair.key as Node;
    }
  }
  return { value, key };
}

function itemsOfRaw(node: Node | null, resource: Resource): Node[] {
  const seq = resolve(node, resource.document.doc);
  return isSeq(seq) ? (seq.items as Node[]) : [];
}

/** The pair of a key as the plain value sees it: the last one written, else through `<<` merges. */
function findPair(node: Node | null, key: string, resource: Resource, depth = 0): MapPair | null {
  const doc = resource.document.doc;
  const map = asMap(node, doc);
  if (!map || depth > 16) return null;
  const pairs = pairsOf(map, doc);
  for (let i = pairs.length - 1; i >= 0; i--) if (keyName(pairs[i]!) === key) return pairs[i]!;
  for (const pair of pairs) {
    if (!isMergeKey(pair)) continue;
    const source = resolve(pair.value, doc);
    const sources = isSeq(source) ? itemsOf(source, doc) : [source];
    for (const s of sources) {
      const found = findPair(s, key, resource, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

function isMergeKey(pair: MapPair): boolean {
  const key = pair.key;
  return isScalar(key) && (typeof key.value === 'symbol' || key.value === '<<');
}

/** The mapping that lacks a field: its key when it has one, else the mapping (a list item), else the object's `kind`. */
function holder(resource: Resource, path: readonly Segment[], at: Located): Location {
  if (path.length === 0) {
    const kind = pairOf(resource.node, 'kind', resource.document.doc);
    return locate(resource, (kind?.key as Node | undefined) ?? resource.node);
  }
  return locate(resource, at.key ?? at.value);
}

function locate(resource: Resource, node: Node | null): Location {
  return resource.document.locate(node ?? resource.node);
}

// ---------------------------------------------------------------------------------
// What the repository says about its files

interface Layout {
  /** Files that kustomize takes as patches: partial objects whose missing fields come from the object they patch. */
  patchFiles: Set<string>;
  /** `templates/` directories of Helm charts (with `/`): Helm templates, not objects, even where they parse as YAML. */
  chartTemplateDirs: string[];
}

function repositoryLayout(repository: Repository): Layout {
  const patchFiles = new Set<string>();
  const chartTemplateDirs: string[] = [];
  for (const file of repository.files) {
    const dir = path.posix.dirname(file.source.path);
    if (path.posix.basename(file.source.path) === 'Chart.yaml') chartTemplateDirs.push(dir === '.' ? 'templates/' : `${dir}/templates/`);
    const isKustomizationFile = /(^|\/)kustomization\.ya?ml$/i.test(file.source.path);
    for (const document of file.documents) {
      const root = document.contents;
      const doc = document.doc;
      const apiVersion = stringAt(root, ['apiVersion'], doc);
      if (!isKustomizationFile && !apiVersion?.startsWith('kustomize.config.k8s.io/')) continue;
      const add = (target: string | null) => {
        if (target && !target.includes('\n') && !/^[a-z]+:\/\//.test(target)) patchFiles.add(path.posix.normalize(path.posix.join(dir, target)));
      };
      for (const patch of itemsOf(nodeAt(root, ['patches'], doc), doc)) add(stringAt(patch, ['path'], doc));
      for (const patch of itemsOf(nodeAt(root, ['patchesStrategicMerge'], doc), doc)) add(stringValue(patch, doc));
      for (const patch of itemsOf(nodeAt(root, ['patchesJson6902'], doc), doc)) add(stringAt(patch, ['path'], doc));
    }
  }
  return { patchFiles, chartTemplateDirs };
}
