import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { goRegExp, type GoRegExp } from '../model/go-regex.js';
import { compileSchema, type ConfigValidator } from './config-schemas.js';
import { AJV_OPTIONS } from './validators.js';

/**
 * A chart's own values schema, which a user may give fluxlint instead of the one
 * it ships: a `values.schema.json`, an unpacked chart directory or a packed chart
 * (`.tgz`). With a chart, its `values.yaml` comes along, so the values are checked
 * as Helm checks them: merged over the chart's defaults.
 */
export interface ChartSchema {
  validator: ConfigValidator;
  /** The chart's default values, when the chart came with them. */
  defaults: Record<string, unknown> | null;
}

const loaded = new Map<string, ChartSchema | Error>();

/**
 * Helm checks values against a chart's schema with Go's regexp, so `pattern`s are Go
 * expressions; compiled with re2js they also match in linear time, whatever the chart says.
 */
const GO_PATTERNS = Object.assign(
  (pattern: string): GoRegExp => {
    const compiled = goRegExp(pattern);
    if ('error' in compiled) throw new Error(`the pattern "${pattern}" is not a valid Go regular expression (${compiled.error})`);
    return compiled;
  },
  { code: 'goRegExp' },
);

/** Loads a chart schema once per path; an unreadable one is an Error whose message says why. */
export function loadChartSchema(file: string): ChartSchema | Error {
  let result = loaded.get(file);
  if (!result) {
    try {
      result = readChartSchema(file);
    } catch (error) {
      result = new Error(`cannot use the values schema ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    loaded.set(file, result);
  }
  return result;
}

function readChartSchema(file: string): ChartSchema {
  if (!existsSync(file)) throw new Error('no such file');
  let schemaText: string;
  let valuesText: string | null = null;
  if (statSync(file).isDirectory()) {
    schemaText = readFileSync(path.join(file, 'values.schema.json'), 'utf8');
    const values = path.join(file, 'values.yaml');
    valuesText = existsSync(values) ? readFileSync(values, 'utf8') : null;
  } else if (/\.t(ar\.)?gz$/.test(file)) {
    const files = chartFiles(gunzipSync(readFileSync(file)));
    const schema = files.get('values.schema.json');
    if (schema === undefined) throw new Error('the chart has no values.schema.json');
    schemaText = schema;
    valuesText = files.get('values.yaml') ?? null;
  } else {
    schemaText = readFileSync(file, 'utf8');
  }
  const schema = JSON.parse(schemaText) as Record<string, unknown>;
  // Charts write draft 2020-12 or draft-07 schemas, and not always strictly (Helm is lenient).
  // Formats are annotations for Helm (`int64`); Ajv would warn on the terminal about each.
  const options = { ...AJV_OPTIONS, strict: false, validateFormats: false, logger: false as const, code: { regExp: GO_PATTERNS } };
  const validator = compileSchema(schema, String(schema.$schema ?? '').includes('2020-12') ? new Ajv2020(options) : new Ajv(options));
  const defaults = valuesText === null ? null : ((parse(valuesText) as Record<string, unknown> | null) ?? {});
  return { validator, defaults };
}

/** The top-level files of a chart in a tar archive (`<chart>/values.yaml`), by name. */
function chartFiles(tar: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const full = prefix ? `${prefix}/${name}` : name;
    const parts = full.split('/');
    if (parts.length === 2 && (header[156] === 0x30 || header[156] === 0)) files.set(parts[1]!, tar.subarray(offset + 512, offset + 512 + size).toString('utf8'));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Helm's coalescing of user values over chart defaults: mappings merge, the rest replaces, null deletes. */
export function coalesce(defaults: unknown, user: unknown): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(user)) return user === undefined ? defaults : user;
  const result: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(user)) {
    if (value === null) delete result[key];
    else result[key] = coalesce(result[key], value);
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
