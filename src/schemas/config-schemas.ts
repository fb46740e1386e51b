import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { PACKAGE_ROOT } from '../package-root.js';
import { bundledValidators } from './bundled-validators.js';
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

/** The build's standalone code of the shipped schemas (see `compile-validators.ts`). */
export const GENERATED_CONFIG_VALIDATORS = path.join(PACKAGE_ROOT, 'dist', 'generated', 'config-validators.cjs');

export function readConfigSchema(name: ConfigSchemaName): Record<string, unknown> {
  const file = path.join(SCHEMA_DIR, CONFIG_SCHEMA_FILES[name]);
  if (!existsSync(file)) throw new Error(`${file} is missing; run npm run schemas`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

const loaded = new Map<ConfigSchemaName, ConfigValidator>();

/**
 * The validator of a shipped schema. From a bundle it is the bundle's standalone
 * code, from compiled code (dist/) the build's; either loads in milliseconds. From
 * the sources (tests) the schema is compiled, so edited schemas take effect without a build.
 */
export function configValidator(name: ConfigSchemaName): ConfigValidator {
  let validator = loaded.get(name);
  if (!validator) {
    const schema = readConfigSchema(name);
    const generated = generatedConfigValidators();
    if (generated) {
      const compiled = generated[name];
      if (typeof compiled !== 'function') throw new Error(`the generated validators lack ${name}; rebuild (npm run build)`);
      validator = { schema, validate: (value) => (compiled(value) ? [] : [...(compiled.errors ?? [])]) };
    } else validator = compileSchema(schema);
    loaded.set(name, validator);
  }
  return validator;
}

function generatedConfigValidators(): Record<string, ValidateFunction | undefined> | undefined {
  const bundled = bundledValidators();
  if (bundled) return bundled.config as Record<string, ValidateFunction | undefined>;
  if (import.meta.url.endsWith('.js') && existsSync(GENERATED_CONFIG_VALIDATORS)) {
    return createRequire(import.meta.url)(GENERATED_CONFIG_VALIDATORS) as Record<string, ValidateFunction | undefined>;
  }
  return undefined;
}
