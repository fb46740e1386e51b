import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject, type Options } from 'ajv';
import { PACKAGE_ROOT } from '../package-root.js';
import { bundledValidators } from './bundled-validators.js';
import type { SchemaIndexEntry } from './generate.js';

/**
 * The validators of the Kubernetes schemas shipped in `schemas/k8s/`.
 *
 * A build compiles them ahead of time into standalone code
 * (`dist/generated/k8s-validators.cjs`, written by `compile-validators.ts`), so a run
 * does not pay for schema compilation. Without that module (tests run from the
 * sources), the schemas are compiled here with the same Ajv options, which gives
 * the same verdicts (a test checks that), each when a run first meets its kind.
 */

export const K8S_SCHEMA_DIR = path.join(PACKAGE_ROOT, 'schemas', 'k8s');
export const GENERATED_VALIDATORS = path.join(PACKAGE_ROOT, 'dist', 'generated', 'k8s-validators.cjs');

/** The options of both compilations; verdicts only agree when these are the same. */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  allowUnionTypes: true,
  messages: false,
  inlineRefs: false,
};

export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The key of a validator: the export name in the generated module. */
export function validatorKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

export function readSchemaIndex(dir: string = K8S_SCHEMA_DIR): SchemaIndexEntry[] {
  return JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as SchemaIndexEntry[];
}

export function readSchema(file: string, dir: string = K8S_SCHEMA_DIR): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
}

export class K8sValidators {
  private readonly index = new Map<string, SchemaIndexEntry>();
  private readonly functions = new Map<string, ValidateFunction>();
  private readonly schemas = new Map<string, Record<string, unknown>>();

  constructor(
    /** Where the validators came from. */
    readonly source: 'generated' | 'compiled',
    entries: readonly SchemaIndexEntry[],
    /** The validator of an index entry; called once per kind, when it is first needed. */
    private readonly load: (entry: SchemaIndexEntry, schema: () => Record<string, unknown>) => ValidateFunction,
    private readonly dir: string = K8S_SCHEMA_DIR,
  ) {
    for (const entry of entries) this.index.set(validatorKey(entry.apiVersion, entry.kind), entry);
  }

  get entries(): SchemaIndexEntry[] {
    return [...this.index.values()];
  }

  has(apiVersion: string, kind: string): boolean {
    return this.index.has(validatorKey(apiVersion, kind));
  }

  /** The errors of a value against a kind's schema: [] when it is valid, null when there is no schema. */
  validate(apiVersion: string, kind: string, value: unknown): ErrorObject[] | null {
    const key = validatorKey(apiVersion, kind);
    const entry = this.index.get(key);
    if (!entry) return null;
    let validate = this.functions.get(key);
    if (!validate) {
      validate = this.load(entry, () => this.schema(apiVersion, kind)!);
      this.functions.set(key, validate);
    }
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }

  /** A kind's schema, read when it is needed (to compile it, or for the words of a message). */
  schema(apiVersion: string, kind: string): Record<string, unknown> | null {
    const key = validatorKey(apiVersion, kind);
    const entry = this.index.get(key);
    if (!entry) return null;
    let schema = this.schemas.get(key);
    if (!schema) {
      schema = readSchema(entry.file, this.dir);
      this.schemas.set(key, schema);
    }
    return schema;
  }
}

/** Compiles the schemas of a directory in-process, each when a run first meets its kind. */
export function compileValidators(dir: string = K8S_SCHEMA_DIR): K8sValidators {
  const ajv = new Ajv(AJV_OPTIONS);
  return new K8sValidators('compiled', readSchemaIndex(dir), (_entry, schema) => ajv.compile(schema()) as ValidateFunction, dir);
}

/** Loads a generated module (CommonJS, so it loads synchronously when a run first needs it). */
export function loadGeneratedValidators(file: string = GENERATED_VALIDATORS, dir: string = K8S_SCHEMA_DIR): K8sValidators {
  const exports = createRequire(import.meta.url)(file) as Record<string, ValidateFunction>;
  return fromModuleExports(exports, dir);
}

/** The validators of a generated module's exports. */
export function fromModuleExports(exports: Record<string, unknown>, dir: string = K8S_SCHEMA_DIR): K8sValidators {
  const entries = readSchemaIndex(dir);
  for (const entry of entries) {
    const key = validatorKey(entry.apiVersion, entry.kind);
    if (typeof exports[key] !== 'function') throw new Error(`the generated validators lack ${key}; rebuild (npm run build)`);
  }
  return new K8sValidators('generated', entries, (entry) => exports[validatorKey(entry.apiVersion, entry.kind)] as ValidateFunction, dir);
}

/**
 * From compiled code (dist/), the generated module when the build wrote it; from
 * the sources (tests), an in-process compilation, so edited schemas take effect
 * without a build.
 */
export function loadValidators(prefer: 'generated' | 'compiled' = import.meta.url.endsWith('.js') ? 'generated' : 'compiled'): K8sValidators {
  if (prefer === 'generated' && existsSync(GENERATED_VALIDATORS)) return loadGeneratedValidators();
  return compileValidators();
}

let shared: K8sValidators | undefined;

/** The validators of this process, loaded on first use: a bundle's own, else those of `loadValidators`. */
export function k8sValidators(): K8sValidators {
  const bundled = bundledValidators();
  shared ??= bundled ? fromModuleExports(bundled.k8s) : loadValidators();
  return shared;
}
