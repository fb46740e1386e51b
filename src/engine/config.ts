import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import ignore, { type Ignore } from 'ignore';
import type { Location, Severity } from '../diagnostic.js';
import { parseYamlFile } from '../yaml/file.js';
import { pairOf } from '../yaml/nodes.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { closest } from '../suggest.js';
import type { YamlDocument } from '../yaml/document.js';

export const CONFIG_FILE_NAMES = ['.fluxlint.yaml', '.fluxlint.yml'];

/** `warn` as ESLint writes it; `warning` as fluxlint reports it. */
export type RuleSetting = 'off' | 'info' | 'warn' | 'warning' | 'error';

/** The configuration file as written. */
export interface ConfigFile {
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
  /** Objects that exist outside the repository, as `Kind/namespace/name` with `*` wildcards. */
  external?: string[];
  overrides?: { files: string[]; rules: Record<string, RuleSetting> }[];
  /** Report deployment rules' findings in trees no Flux entry point reaches, instead of one note per tree. */
  lintUnreached?: boolean;
  ess?: {
    /** Server names whose `/.well-known/matrix/client` is served outside the chart. */
    externalWellKnown?: string[];
    /** A values schema per chart version (or major version, or `*`): a values.schema.json, a chart directory or a chart .tgz. */
    valuesSchemas?: Record<string, string>;
  };
}

/** The settings of the ESS rules, with paths made absolute. */
export interface EssSettings {
  externalWellKnown: readonly string[];
  valuesSchemas: Readonly<Record<string, string>>;
}

/** A configuration problem: the CLI exits with code 2 and this location. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly location?: Location,
  ) {
    super(message);
  }
}

/** The effective settings, ready to answer per file and rule. */
export class Config {
  private readonly overrides: { matcher: Ignore; rules: Record<string, RuleSetting> }[];
  private externalPatterns: (RegExp[] | null)[] | undefined;
  private ignoreMatcher: Ignore | undefined;

  constructor(
    readonly file: ConfigFile = {},
    /** Path of the configuration file relative to the root, when there is one. */
    readonly path: string | null = null,
    /** The configuration file's absolute path: relative paths in it are relative to its directory. */
    private readonly absolutePath: string | null = null,
  ) {
    this.overrides = (file.overrides ?? []).map((o) => ({ matcher: ignore().add(o.files), rules: o.rules }));
  }

  /** Whether trees no Flux entry point reaches are linted fully (`lintUnreached`). */
  get lintUnreached(): boolean {
    return this.file.lintUnreached === true;
  }

  get ignore(): string[] {
    return this.file.ignore ?? [];
  }

  /** Whether the configuration's `ignore` patterns exclude a path (relative to the root). */
  ignores(file: string): boolean {
    this.ignoreMatcher ??= ignore().add(this.ignore);
    return this.ignoreMatcher.ignores(file);
  }

  /** The ESS settings; schema paths are relative to the configuration file's directory. */
  ess(root: string): EssSettings {
    const base = this.absolutePath ? path.dirname(this.absolutePath) : root;
    const schemas = Object.entries(this.file.ess?.valuesSchemas ?? {}).map(([version, file]) => [version, path.resolve(base, file)]);
    return { externalWellKnown: (this.file.ess?.externalWellKnown ?? []).map((n) => n.toLowerCase()), valuesSchemas: Object.fromEntries(schemas) };
  }

  /** Whether `external` lists an object (created by flux bootstrap, by hand, or by another tool). */
  isExternal(kind: string, namespace: string, name: string): boolean {
    this.externalPatterns ??= (this.file.external ?? []).map((pattern) => {
      const parts = pattern.split('/').map((part) => new RegExp(`^${part.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
      return parts.length === 3 ? parts : null;
    });
    return this.externalPatterns.some((p) => p !== null && p[0]!.test(kind) && p[1]!.test(namespace) && p[2]!.test(name));
  }

  /** The setting of a rule for a file: the last matching override wins over `rules`, which wins over the default. */
  setting(ruleId: string, file?: string): RuleSetting | undefined {
    let setting = this.file.rules?.[ruleId];
    if (file !== undefined) {
      for (const override of this.overrides) {
        if (override.rules[ruleId] !== undefined && override.matcher.ignores(file)) setting = override.rules[ruleId];
      }
    }
    return setting;
  }

  /** The severity of a finding in a file, or null when the rule is off there. */
  severity(ruleId: string, file: string, reported: Severity): Severity | null {
    const setting = this.setting(ruleId, file);
    if (setting === undefined) return reported;
    return setting === 'off' ? null : setting === 'warn' ? 'warning' : setting;
  }

  /** False only when the rule is off everywhere, so the engine can skip it. */
  mayRun(ruleId: string): boolean {
    if (this.setting(ruleId) !== 'off') return true;
    return (this.file.overrides ?? []).some((o) => o.rules[ruleId] !== undefined && o.rules[ruleId] !== 'off');
  }
}

const SCHEMA_PATH = path.join(PACKAGE_ROOT, 'schemas', 'fluxlint-config.schema.json');

/** The configuration schema shipped in `schemas/`, for editors and for validation. */
export function configSchema(): object {
  return JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object;
}

/**
 * The configuration file of a repository: in its root, and nowhere above it, as
 * ESLint's flat config and .editorconfig stop at their roots, so that a file in a
 * parent directory (a home directory, a CI workspace) never changes a run.
 */
export function findConfigFile(root: string): string | null {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(root, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Reads and validates a configuration file against the shipped schema and the
 * known rule ids. Every problem is a ConfigError that carries the line it is on.
 */
export function loadConfig(absolute: string, displayPath: string, knownRuleIds: ReadonlySet<string>): Config {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch {
    throw new ConfigError(`cannot read the configuration file ${displayPath}`);
  }
  const parsed = parseYamlFile(displayPath, text);
  const problem = parsed.problems[0];
  if (problem) throw new ConfigError(problem.message, problem.location);
  const document = parsed.documents[0];
  const value = (document?.toJS() ?? {}) as unknown;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(configSchema());
  if (!validate(value)) {
    const error = mostSpecific(validate.errors ?? []);
    throw new ConfigError(describe(error, knownRuleIds), document ? locatePointer(document, error.instancePath, error) : undefined);
  }
  const file = value as ConfigFile;
  const ruleMaps: { rules: Record<string, RuleSetting>; pointer: string }[] = [{ rules: file.rules ?? {}, pointer: '/rules' }];
  (file.overrides ?? []).forEach((o, i) => ruleMaps.push({ rules: o.rules, pointer: `/overrides/${i}/rules` }));
  for (const { rules, pointer } of ruleMaps) {
    for (const id of Object.keys(rules)) {
      if (!knownRuleIds.has(id)) {
        throw new ConfigError(
          unknownRule(id, knownRuleIds),
          document ? locatePointer(document, `${pointer}/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`, undefined, true) : undefined,
        );
      }
    }
  }
  return new Config(file, displayPath, absolute);
}

function unknownRule(id: string, knownRuleIds: ReadonlySet<string>): string {
  const suggestion = closest(id, [...knownRuleIds]);
  return `unknown rule "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
}

function mostSpecific(errors: ErrorObject[]): ErrorObject {
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
}

function describe(error: ErrorObject, knownRuleIds: ReadonlySet<string>): string {
  const where = error.instancePath ? pointerKeys(error.instancePath).join('.') : 'the configuration';
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    // The schema lists every rule id (for editors), so a misspelt one lands here.
    if (/^(\/overrides\/\d+)?\/rules$/.test(error.instancePath)) return unknownRule(key, knownRuleIds);
    return `unknown setting "${key}" in ${where}`;
  }
  if (error.keyword === 'enum') {
    return `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** The keys of a JSON pointer, unescaped one by one (a rule id keeps its `/`). */
function pointerKeys(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The location of a JSON pointer in the configuration document; the key for an unknown property. */
function locatePointer(document: YamlDocument, pointer: string, error?: ErrorObject, atKey = false): Location {
  const keys = pointerKeys(pointer);
  if (error?.keyword === 'additionalProperties') {
    keys.push((error.params as { additionalProperty: string }).additionalProperty);
    atKey = true;
  }
  const last = keys.pop();
  const parent = walkPointer(document, keys);
  if (last === undefined) return document.locateDocument();
  const pair = pairOf(parent, last, document.doc);
  if (pair) return document.locate((atKey ? pair.key : pair.value ?? pair.key) as never);
  const items = (parent as { items?: unknown[] } | null)?.items;
  const item = items?.[Number(last)];
  return document.locate((item as never) ?? (parent as never));
}

/** The node at a JSON pointer's keys, through mappings and sequences. */
function walkPointer(document: YamlDocument, keys: string[]): unknown {
  let node: unknown = document.contents;
  for (const key of keys) {
    const pair = pairOf(node, key, document.doc);
    if (pair) node = pair.value;
    else node = (node as { items?: unknown[] } | null)?.items?.[Number(key)] ?? null;
  }
  return node;
}
