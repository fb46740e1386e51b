import { DEFINITIONS, type Schema } from './dsl.js';
import type { KindSchema } from './definitions/resource.js';
import { KINDS } from './kinds.js';

/** One entry of `schemas/k8s/index.json`. */
export interface SchemaIndexEntry {
  apiVersion: string;
  kind: string;
  /** The schema file, relative to `schemas/k8s/`. */
  file: string;
}

export const INDEX_FILE = 'index.json';

/**
 * Where a kind's schema lives below `schemas/k8s/`: `<group>/<kind>_<version>.json`,
 * the layout editors know from the CRDs catalog (`core` for the core group).
 */
export function schemaFileName(apiVersion: string, kind: string): string {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? 'core' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return `${group}/${kind.toLowerCase()}_${version}.json`;
}

/** Expands one kind into a self-contained draft-07 schema with the definitions it uses. */
export function expandKind(kind: KindSchema): Schema {
  const file = schemaFileName(kind.apiVersion, kind.kind);
  return expandSchema(kind.schema, {
    $id: `urn:fluxlint:k8s:${file}`,
    title: `${kind.kind} ${kind.apiVersion}`,
    description: `A ${kind.kind} (${kind.apiVersion}) as fluxlint checks it: unknown fields are errors. Written by fluxlint from the API's documentation.`,
  });
}

/** A root schema made self-contained: the shared definitions it uses are copied in. */
export function expandSchema(root: Schema, header: { $id: string; title: string; description: string }): Schema {
  const used = new Set<string>();
  const pending = [...refsIn(root)];
  while (pending.length) {
    const name = pending.pop()!;
    if (used.has(name)) continue;
    const definition = DEFINITIONS.get(name);
    if (!definition) throw new Error(`${header.title}: unknown definition ${name}`);
    used.add(name);
    pending.push(...refsIn(definition));
  }
  const definitions: Record<string, Schema> = {};
  for (const name of [...used].sort()) definitions[name] = DEFINITIONS.get(name)!;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...header,
    ...root,
    ...(used.size ? { definitions } : {}),
  };
}

/** Every schema file (path relative to `schemas/k8s/` → content), the index included. */
export function generateSchemaFiles(kinds: readonly KindSchema[] = KINDS): Map<string, string> {
  const files = new Map<string, string>();
  const index: SchemaIndexEntry[] = [];
  for (const kind of kinds) {
    const file = schemaFileName(kind.apiVersion, kind.kind);
    if (files.has(file)) throw new Error(`two schemas for ${file}`);
    files.set(file, json(expandKind(kind)));
    index.push({ apiVersion: kind.apiVersion, kind: kind.kind, file });
  }
  files.set(INDEX_FILE, json(index));
  return files;
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function refsIn(schema: unknown): string[] {
  const refs: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string' && child.startsWith('#/definitions/')) refs.push(child.slice('#/definitions/'.length));
        else walk(child);
      }
    }
  };
  walk(schema);
  return refs;
}
