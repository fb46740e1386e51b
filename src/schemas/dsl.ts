/**
 * A small vocabulary for writing Kubernetes API schemas compactly. Each helper returns
 * a JSON Schema (draft-07) fragment; `generate.ts` expands a kind's schema into one
 * self-contained file with the shared definitions it uses.
 *
 * Conventions:
 * - `obj({ 'name!': str(), namespace: str() })`: a closed object (unknown fields are
 *   errors); a key ending in `!` is required.
 * - `def('Name', schema)` registers a shared definition and returns a `$ref` to it.
 * - Free-form parts say so: `anything`, `freeObject`, `stringMap`.
 */

/** A JSON Schema fragment. */
export type Schema = { readonly [keyword: string]: unknown };

type Extra = { description?: string } & Record<string, unknown>;

/** Shared definitions by name; `generate.ts` copies the ones a kind uses into its file. */
export const DEFINITIONS = new Map<string, Schema>();

/** Registers a shared definition and returns a reference to it. */
export function def(name: string, schema: Schema): Schema {
  if (DEFINITIONS.has(name)) throw new Error(`definition ${name} is defined twice`);
  DEFINITIONS.set(name, schema);
  return ref(name);
}

export function ref(name: string): Schema {
  return { $ref: `#/definitions/${name}` };
}

/** A closed object: unknown fields are reported. Keys ending in `!` are required. */
export function obj(properties: Record<string, Schema>, extra: Extra = {}): Schema {
  const props: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [key, schema] of Object.entries(properties)) {
    const name = key.endsWith('!') ? key.slice(0, -1) : key;
    if (name !== key) required.push(name);
    props[name] = schema;
  }
  const { description, ...rest } = extra;
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties: props,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
    ...rest,
  };
}

/** Exactly one of these fields must be set (a union of optional fields in the API). */
export function exactlyOne(...fields: string[]): Extra {
  return { oneOf: fields.map((field) => ({ required: [field] })) };
}

export function str(extra: Extra = {}): Schema {
  return { type: 'string', ...extra };
}

/** A string matching a regular expression; `description` says in words what is expected. */
export function pattern(regex: string, description: string, extra: Extra = {}): Schema {
  return { type: 'string', description, pattern: regex, ...extra };
}

export function oneOfStrings(...values: string[]): Schema {
  return { type: 'string', enum: values };
}

export const bool: Schema = { type: 'boolean' };
export const int: Schema = { type: 'integer' };
export const int32: Schema = { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
export const int64: Schema = { type: 'integer' };
export const num: Schema = { type: 'number' };

export function intRange(minimum: number, maximum?: number): Schema {
  return { type: 'integer', minimum, ...(maximum !== undefined ? { maximum } : {}) };
}

/** Kubernetes `IntOrString`: a port number or a port name, a count or a percentage. */
export const intOrString: Schema = { type: ['integer', 'string'] };

export function arr(items: Schema, extra: Extra = {}): Schema {
  return { type: 'array', items, ...extra };
}

export const strings: Schema = arr(str());

/** A map from free keys to strings (labels, annotations, ConfigMap data). */
export const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };

/** Any object, not checked inside. */
export const freeObject: Schema = { type: 'object' };

/** Any value, not checked. */
export const anything: Schema = {};

/** A map from free keys to a schema. */
export function mapOf(values: Schema, extra: Extra = {}): Schema {
  return { type: 'object', additionalProperties: values, ...extra };
}

/** The schema, or `null` (configuration files often allow `key:` with no value). */
export function orNull(schema: Schema): Schema {
  if (schema.$ref) return { anyOf: [schema, { type: 'null' }] };
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const nullable: Record<string, unknown> = { ...schema, type: [...types, 'null'] };
  if (Array.isArray(schema.enum)) nullable.enum = [...(schema.enum as unknown[]), null];
  return nullable;
}
