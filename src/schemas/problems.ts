import type { ErrorObject } from 'ajv';

/**
 * Turns Ajv's errors into problems a person can act on: one per problem, with the
 * cascades of `oneOf` folded, type errors taking precedence over the other errors
 * of the same value, and values that are resolved later (Flux `${VAR}`
 * placeholders, SOPS `ENC[…]` values) never taken for type errors.
 */

/** A step of a path into an object: a mapping key or a sequence index. */
export type Segment = string | number;

export type Problem =
  | { kind: 'unknown'; path: Segment[]; key: string; allowed: string[] }
  | { kind: 'missing'; path: Segment[]; field: string }
  /** A union of fields of which exactly one must be set; `present` says which are. */
  | { kind: 'exactlyOne'; path: Segment[]; fields: string[]; present: string[] }
  | { kind: 'type'; path: Segment[]; expected: string[] }
  | { kind: 'enum'; path: Segment[]; allowed: unknown[] }
  | { kind: 'pattern'; path: Segment[]; pattern: string; description: string | null }
  | { kind: 'limit'; path: Segment[]; keyword: string; limit: number }
  | { kind: 'other'; path: Segment[]; keyword: string };

export interface ProblemOptions {
  /** The document is a kustomize patch: fields it does not set come from the patched object. */
  patch?: boolean;
}

/** A value written now and resolved later: a Flux `${VAR}` placeholder or a SOPS-encrypted value. */
export const UNRESOLVED = /\$\{[^}]*\}|^ENC\[/;

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);
const VALUE_KEYWORDS = new Set(['type', 'enum', 'const', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']);

export function problemsOf(errors: readonly ErrorObject[], value: unknown, schema: Record<string, unknown>, options: ProblemOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const kept = foldAlternatives(errors, value, schema, problems);
  const typed = new Set(kept.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const error of kept) {
    const path = pathOf(error.instancePath, value);
    const data = valueAt(value, path);
    if (VALUE_KEYWORDS.has(error.keyword) && typeof data === 'string' && UNRESOLVED.test(data)) {
      // A placeholder may become any scalar; only a mapping or a list it cannot be.
      if (error.keyword !== 'type' || expectedTypes(error).every((t) => SCALAR_TYPES.has(t))) continue;
    }
    if (error.keyword !== 'type' && typed.has(error.instancePath)) continue;
    const problem = toProblem(error, path, schema);
    if (problem) problems.push(problem);
  }
  return dedupe(problems).filter((p) => {
    if (p.kind === 'unknown') return !p.key.startsWith('$'); // strategic-merge directives ($patch, $retainKeys, …)
    if (options.patch) return p.kind !== 'missing' && !(p.kind === 'exactlyOne' && p.present.length === 0);
    return true;
  });
}

function toProblem(error: ErrorObject, path: Segment[], schema: Record<string, unknown>): Problem | null {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const properties = (schemaAt(schema, path)?.properties ?? {}) as Record<string, unknown>;
      return { kind: 'unknown', path, key: String(params.additionalProperty), allowed: Object.keys(properties) };
    }
    case 'required':
      return { kind: 'missing', path, field: String(params.missingProperty) };
    case 'type':
      return { kind: 'type', path, expected: expectedTypes(error) };
    case 'enum':
      return { kind: 'enum', path, allowed: params.allowedValues as unknown[] };
    case 'const':
      return { kind: 'enum', path, allowed: [params.allowedValue] };
    case 'pattern': {
      const description = schemaAt(schema, path)?.description;
      return { kind: 'pattern', path, pattern: String(params.pattern), description: typeof description === 'string' ? description : null };
    }
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'minItems':
    case 'maxItems':
      return { kind: 'limit', path, keyword: error.keyword, limit: Number(params.limit) };
    default:
      return { kind: 'other', path, keyword: error.keyword };
  }
}

function expectedTypes(error: ErrorObject): string[] {
  const type = (error.params as { type: string | string[] }).type;
  return Array.isArray(type) ? type : String(type).split(',');
}

/**
 * Folds each `oneOf`/`anyOf` with the errors of its branches into one problem: for a
 * union of fields ("exactly one of"), a problem naming the union; otherwise the
 * errors of the branch that came closest (the deepest errors, then the fewest).
 */
function foldAlternatives(errors: readonly ErrorObject[], value: unknown, schema: Record<string, unknown>, problems: Problem[]): ErrorObject[] {
  let rest = [...errors];
  for (;;) {
    // Innermost first: a union inside a branch is folded before the branch is judged.
    const union = rest
      .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
      .sort((a, b) => b.instancePath.length - a.instancePath.length || b.schemaPath.length - a.schemaPath.length)[0];
    if (!union) return rest;
    const prefix = `${union.schemaPath}/`;
    const inside = (e: ErrorObject) => e !== union && e.schemaPath.startsWith(prefix) && isWithin(e.instancePath, union.instancePath);
    const branches = new Map<string, ErrorObject[]>();
    for (const error of rest.filter(inside)) {
      const branch = error.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    rest = rest.filter((e) => e !== union && !inside(e));
    const path = pathOf(union.instancePath, value);
    const alternatives = (schemaAt(schema, path)?.[union.keyword] ?? []) as Record<string, unknown>[];
    const fields = alternatives.map((a) => (Array.isArray(a.required) && a.required.length === 1 && Object.keys(a).length === 1 ? String(a.required[0]) : null));
    if (fields.length > 0 && fields.every((f): f is string => f !== null)) {
      const data = valueAt(value, path);
      const present = data && typeof data === 'object' ? fields.filter((f) => Object.hasOwn(data, f)) : [];
      problems.push({ kind: 'exactlyOne', path, fields, present });
      continue;
    }
    const candidates = [...branches.values()];
    if (candidates.length === 0) {
      problems.push({ kind: 'other', path, keyword: union.keyword });
      continue;
    }
    const depth = (list: ErrorObject[]) => Math.max(...list.map((e) => e.instancePath.split('/').length));
    candidates.sort((a, b) => depth(b) - depth(a) || a.length - b.length);
    rest.push(...candidates[0]!);
  }
}

function isWithin(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.kind, p.path, 'key' in p ? p.key : 'field' in p ? p.field : '']);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The segments of a JSON pointer; an index into a list becomes a number. */
export function pathOf(pointer: string, value: unknown): Segment[] {
  if (!pointer) return [];
  const segments: Segment[] = [];
  let current = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: Segment = Array.isArray(current) && /^\d+$/.test(key) ? Number(key) : key;
    segments.push(segment);
    current = current && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
  }
  return segments;
}

export function valueAt(value: unknown, path: readonly Segment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The schema that applies to the value at a path (through `$ref`, properties, items and maps). */
export function schemaAt(root: Record<string, unknown>, path: readonly Segment[]): Record<string, unknown> | null {
  let current: Record<string, unknown> | null = deref(root, root);
  for (const segment of path) {
    if (!current) return null;
    let next: unknown;
    if (typeof segment === 'number') next = current.items;
    else {
      const properties = current.properties as Record<string, unknown> | undefined;
      next = properties && Object.hasOwn(properties, segment) ? properties[segment] : current.additionalProperties;
    }
    current = next && typeof next === 'object' ? deref(root, next as Record<string, unknown>) : null;
  }
  return current;
}

function deref(root: Record<string, unknown>, schema: Record<string, unknown>): Record<string, unknown> | null {
  let current: Record<string, unknown> | null = schema;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 32; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#/')) return null;
    let target: unknown = root;
    for (const key of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[key];
    current = target && typeof target === 'object' ? (target as Record<string, unknown>) : null;
  }
  return current;
}

/**
 * A copy of a value without the mapping entries whose value is null: Kubernetes
 * drops them (an empty `labels:` is no labels), so they are neither wrong types nor
 * present fields.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child !== null) Object.defineProperty(copy, key, { value: withoutNulls(child), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  }
  return value;
}
