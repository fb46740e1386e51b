import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { CONFIG_SCHEMA_NAMES, GENERATED_CONFIG_VALIDATORS, readConfigSchema } from './config-schemas.js';
import { AJV_OPTIONS, GENERATED_VALIDATORS, K8S_SCHEMA_DIR, readSchema, readSchemaIndex, validatorKey } from './validators.js';

/**
 * Build step (after tsc): compiles the schemas of `schemas/k8s/` into standalone
 * validation code, `dist/generated/k8s-validators.cjs`, one export per apiVersion and
 * kind, and the configuration schemas into `dist/generated/config-validators.cjs`. Loading it costs a `require`; compiling the schemas costs far more.
 */

const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as (
  ajv: Ajv,
  refs: Record<string, string>,
) => string;

/** The CommonJS source of the validators of every schema in a directory. */
export function standaloneValidatorsCode(dir: string = K8S_SCHEMA_DIR): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const refs: Record<string, string> = {};
  for (const entry of readSchemaIndex(dir)) {
    const schema = readSchema(entry.file, dir);
    ajv.addSchema(schema);
    refs[validatorKey(entry.apiVersion, entry.kind)] = schema.$id as string;
  }
  return `// Generated from schemas/k8s by src/schemas/compile-validators.ts; do not edit.\n${standaloneCode(ajv, refs)}\n`;
}

/** The CommonJS source of the validators of the configuration schemas (chart values, Synapse, MAS, Element Web). */
export function standaloneConfigValidatorsCode(): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const refs: Record<string, string> = {};
  for (const name of CONFIG_SCHEMA_NAMES) {
    const schema = readConfigSchema(name);
    ajv.addSchema(schema);
    refs[name] = schema.$id as string;
  }
  return `// Generated from schemas/ by src/schemas/compile-validators.ts; do not edit.\n${standaloneCode(ajv, refs)}\n`;
}

export function writeStandaloneValidators(target: string = GENERATED_VALIDATORS, configTarget: string = GENERATED_CONFIG_VALIDATORS): void {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, standaloneValidatorsCode());
  writeFileSync(configTarget, standaloneConfigValidatorsCode());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeStandaloneValidators();
  console.log(`${path.relative(process.cwd(), GENERATED_VALIDATORS)} and ${path.relative(process.cwd(), GENERATED_CONFIG_VALIDATORS)} written.`);
}
