import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { PACKAGE_ROOT } from '../package-root.js';
import { AJV_OPTIONS, type ValidateFunction } from './validators.js';

/**
 * Schemas of configuration that is not a Kubernetes object: the values of the
 * matrix-stack chart and the configuration files of Synapse, MAS and Element Web.
 * Each is written by fluxlint in `src/schemas/definitions/` and generated into
 * `schemas/<file>` by `npm run schemas` (a test fails when a file is stale).
 */
export const CONFIG_SCHEMA_NAMES = ['matrix-stack-26', 'synapse', 'mas', 'element-web'] as const;
export type ConfigSchemaName = (typeof CONFIG_SCHEMA_NAMES)[number];

/** Where each schema lives below `schemas/`. */
export const CONFIG_SCHEMA_FILES: Record<ConfigSchemaName, string> = {
  'matrix-stack-26': 'ess/matrix-stack-26.schema.json',
  synapse: 'config/synapse.schema.json',
  mas: 'config/mas.schema.json',
  'element-web': 'config/element-web.schema.json',
};

export const SCHEMA_DIR = path.join(PACKAGE_ROOT, 'schemas');

/** A compiled schema: the errors of a value ([] when valid) and the schema, for the words of a message. */
export interface ConfigValidator {
  readonly schema: Record<string, unknown>;
  validate(value: unknown): ErrorObject[];
}

/** Compiles a JSON schema with the options of every fluxlint schema. */
export function compileSchema(schema: Record<string, unknown>, ajv: Ajv = new Ajv(AJV_OPTIONS)): ConfigValidator {
  const compiled = ajv.compile(schema) as ValidateFunction;
  return { schema, validate: (value) => (compiled(value) ? [] : [...(compiled.errors ?? [])]) };
}

const compiled = new Map<ConfigSchemaName, ConfigValidator>();

/** The validator of a shipped schema, compiled when a run first needs it. */
export function configValidator(name: ConfigSchemaName): ConfigValidator {
  let validator = compiled.get(name);
  if (!validator) {
    const file = path.join(SCHEMA_DIR, CONFIG_SCHEMA_FILES[name]);
    if (!existsSync(file)) throw new Error(`${file} is missing; run npm run schemas`);
    validator = compileSchema(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
    compiled.set(name, validator);
  }
  return validator;
}
