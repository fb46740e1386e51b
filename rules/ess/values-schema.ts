import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Location } from '../../src/diagnostic.js';
import type { Rule, RuleContext } from '../../src/engine/rule.js';
import { ADDITIONAL_COMPONENTS, type AdditionalComponent } from '../../src/model/ess/additional.js';
import { essReleases, type EssRelease } from '../../src/model/ess/release.js';
import { describeObject, idOf } from '../../src/model/kustomize/object.js';
import { coalesce, loadChartSchema } from '../../src/schemas/chart-schema.js';
import { configValidator, type ConfigValidator } from '../../src/schemas/config-schemas.js';
import { problemsOf, withoutNulls, type Problem, type Segment } from '../../src/schemas/problems.js';
import { closest } from '../../src/suggest.js';
import { keyName, nodeAt, type MapNode } from '../../src/yaml/nodes.js';
import { jsonObjectProblem } from '../shared/json-text.js';
import { describeProblem, pathText, type SchemaSubject } from '../shared/schema-findings.js';

/** The chart major fluxlint ships a values schema for, and the newest minor it was written from. */
const SHIPPED_MAJOR = '26';
const SHIPPED_MINOR = 8;

/** Components whose `additional` entries are configuration files: inline `config`, or a Secret. */
const FILE_COMPONENTS: readonly AdditionalComponent[] = ['synapse', 'mas', 'hookshot', 'sfu'];
const ENTRY_KEYS = ['config', 'configSecret', 'configSecretKey'];

export const valuesSchema: Rule = {
  meta: {
    id: 'ess/values-schema',
    severity: 'error',
    deployment: true,
    description:
      "The values of a matrix-stack HelmRelease do not fit the chart: an unknown key, a wrong type, an `additional` entry of the wrong shape, or an `additional` configuration text that is not a YAML mapping. Also says, once, which values it could not read.",
    docs: {
      rationale:
        'The chart rejects unknown keys and wrong types, so the HelmRelease fails to install or upgrade; `additional` entries of the wrong shape pass its schema and then break the rendering or are ignored.',
      bad: 'wellKnownDelegation:\n  ingress:\n    host: example.com\nsynapse:\n  additional:\n    00-previews:\n      confg: |\n        url_preview_enabled: true',
      good: 'wellKnownDelegation:\n  ingress:\n    tlsSecret: example-com-tls\nsynapse:\n  additional:\n    00-previews:\n      config: |\n        url_preview_enabled: true',
    },
  },
  create(context) {
    return {
      repository() {
        for (const release of essReleases(context.repository.flux)) checkRelease(context, release);
      },
    };
  },
};

function checkRelease(context: RuleContext, release: EssRelease): void {
  const { values } = release;
  const unknown = values.unknownLayers;
  if (unknown.length) {
    context.report({
      severity: 'info',
      message: `Could not check the values that ${unknown.length === 1 ? 'this layer sets' : 'these layers set'}: ${unknown.map((l) => l.unknown).join('; ')}. The ESS rules treat them as unknown.`,
      location: unknown[0]!.location,
      related: unknown.slice(1).map((l) => ({ location: l.location, message: `also not read: ${l.unknown}` })),
    });
  }
  const schema = schemaFor(context, release);
  if (schema instanceof Error || typeof schema === 'string') {
    context.report({ severity: 'info', message: typeof schema === 'string' ? schema : schema.message, location: versionLocation(release) });
  } else {
    const user = withoutNulls(values.userValues());
    const checked = schema.defaults ? coalesce(schema.defaults, values.userValues()) : user;
    const subject = subjectOf(release);
    for (const problem of problemsOf(schema.validator.validate(checked), checked, schema.validator.schema)) {
      if (insideFileEntry(problem.path)) continue; // checked below, more strictly than chart schemas do
      if (!schema.defaults && problem.kind === 'missing' && !schema.shipped) continue; // a default may supply it
      if (unknown.length && !certainProblem(release, problem)) continue;
      const finding = describeProblem(problem, subject, schema.validator.schema);
      if (problem.kind === 'unknown' && problem.key === 'host' && problem.path.join('.') === 'wellKnownDelegation.ingress') {
        finding.fix = 'Remove it: the well-known Ingress always serves serverName (the chart dropped this key in 25.5.1).';
      }
      if (problem.kind === 'unknown' && schema.shipped && newerThanShipped(release.chartVersion)) {
        // A newer chart may have added the key: say so rather than call it wrong.
        finding.severity = 'info';
        finding.message += ` fluxlint's schema knows matrix-stack up to ${SHIPPED_MAJOR}.${SHIPPED_MINOR}.x; the key may be new in ${release.chartVersion}.`;
      }
      context.report(finding);
    }
  }
  for (const component of FILE_COMPONENTS) checkFileEntries(context, release, component);
  checkJsonStrings(context, release);
}

type LoadedSchema = { validator: ConfigValidator; defaults: Record<string, unknown> | null; shipped: boolean };

/** The schema for a release's chart version: the user's, else the shipped one; a string says why there is none. */
function schemaFor(context: RuleContext, release: EssRelease): LoadedSchema | Error | string {
  const version = release.chartVersion;
  const major = version?.match(/\d+/)?.[0] ?? null;
  const configured = context.ess.valuesSchemas;
  const file = [version, major, '*'].map((key) => (key ? configured[key] : undefined)).find((f) => f !== undefined);
  if (file) {
    const loaded = loadChartSchema(file);
    return loaded instanceof Error ? loaded : { ...loaded, shipped: false };
  }
  if (major !== null && major !== SHIPPED_MAJOR) {
    return `fluxlint has no values schema for matrix-stack ${version}, only for ${SHIPPED_MAJOR}.x; the values of ${describeObject(idOf(release.object))} were not checked against one (ess.valuesSchemas in .fluxlint.yaml can name the chart's own).`;
  }
  return { validator: configValidator('matrix-stack-26'), defaults: null, shipped: true };
}

/** Where the chart version is written: the HelmRelease's `chart.spec.version`, else the release. */
function versionLocation(release: EssRelease): Location {
  const version = nodeAt(release.object.node, ['spec', 'chart', 'spec', 'version']);
  return (version && release.values.locate(version)) ?? release.object.document.locate(release.object.anchor);
}

/** Whether a chart version is a 26.x newer than the one fluxlint's schema was written from. */
function newerThanShipped(version: string | null): boolean {
  const match = version?.match(/^v?(\d+)\.(\d+)/);
  return !!match && match[1] === SHIPPED_MAJOR && Number(match[2]) > SHIPPED_MINOR;
}

/** The values as the subject of schema problems: each node placed where a layer wrote it. */
function subjectOf(release: EssRelease): SchemaSubject {
  const { values } = release;
  const fallback = release.object.document.locate(release.object.anchor);
  return {
    root: values.root,
    name: 'the values',
    where: `in the values of ${describeObject(idOf(release.object))}`,
    locate: (node) => values.locate(node) ?? fallback,
    hidden: (_path, node) => values.isSecret(node),
  };
}

/** Whether a problem stands whatever the unreadable layers hold: only a value written after the last of them. */
function certainProblem(release: EssRelease, problem: Problem): boolean {
  if (problem.kind === 'missing' || (problem.kind === 'exactlyOne' && problem.present.length === 0)) return false;
  const path = problem.kind === 'unknown' ? [...problem.path, problem.key] : problem.path;
  return release.values.certain(path.map(String));
}

function insideFileEntry(path: readonly Segment[]): boolean {
  return FILE_COMPONENTS.some((component) => {
    const prefix = [...ADDITIONAL_COMPONENTS[component], 'additional'];
    return path.length > prefix.length && prefix.every((key, i) => path[i] === key);
  });
}

/** `additional` entries of configuration files: `{config: <string>}` or `{configSecret, configSecretKey}`, nothing else. */
function checkFileEntries(context: RuleContext, release: EssRelease, component: AdditionalComponent): void {
  const { values } = release;
  const path = [...ADDITIONAL_COMPONENTS[component], 'additional'];
  const map = values.node(path);
  if (!isMap(map)) return;
  const where = `in ${describeObject(idOf(release.object))}`;
  const at = (node: Node | null | undefined) => values.locate(node) ?? release.object.document.locate(release.object.anchor);
  for (const pair of (map as MapNode).items) {
    const name = keyName(pair);
    const entry = pair.value as Node | null;
    if (name === null || !entry || (isScalar(entry) && entry.value === null)) continue;
    const entryText = pathText([...path, name]);
    if (!isMap(entry)) {
      context.report({
        message: `"${entryText}" ${where} must be a mapping with "config" (the configuration as a string), or "configSecret" and "configSecretKey".`,
        location: at(entry),
        fix: 'Write the configuration under "config: |".',
      });
      continue;
    }
    const keys = new Map<string, Node>();
    for (const entryPair of (entry as MapNode).items) {
      const key = keyName(entryPair);
      if (key === null) continue;
      if (!ENTRY_KEYS.includes(key)) {
        const suggestion = closest(key, ENTRY_KEYS);
        context.report({
          message: `Unknown key "${pathText([...path, name, key])}" ${where}: the chart reads only config, or configSecret and configSecretKey, and ignores the rest${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
          location: at(entryPair.key as Node),
          fix: suggestion ? `Rename it to "${suggestion}".` : 'Remove it, or move it into the configuration under "config".',
        });
      } else keys.set(key, entryPair.value as Node);
    }
    const config = keys.get('config');
    if (config && !(isScalar(config) && typeof config.value === 'string')) {
      context.report({
        message: `"${pathText([...path, name, 'config'])}" ${where} must be a string holding the configuration, not ${isMap(config) ? 'a mapping' : 'a value of another type'}: the chart's templates need text.`,
        location: at(config),
        fix: 'Write it as a block scalar: "config: |" with the configuration indented below.',
      });
    } else if (config) checkConfigText(context, release, component, name, config as Scalar, where);
    const secret = ['configSecret', 'configSecretKey'].filter((k) => keys.has(k));
    if (config && secret.length) {
      context.report({
        message: `"${entryText}" ${where} takes either "config" or "configSecret" and "configSecretKey", not both.`,
        location: at((entry as MapNode).items.find((p) => keyName(p) === secret[0])?.key as Node),
        fix: 'Keep one of them.',
      });
    } else if (!config && secret.length !== 2) {
      const missing = secret.length ? ['configSecret', 'configSecretKey'].find((k) => !keys.has(k))! : 'config';
      context.report({
        message: `"${entryText}" ${where} lacks "${missing}"${secret.length ? '' : ' (or "configSecret" and "configSecretKey")'}.`,
        location: at(pair.key as Node),
        fix: `Add "${missing}".`,
      });
    }
  }
}

/** wellKnownDelegation.additional documents are strings holding a JSON object, which the chart parses and merges. */
function checkJsonStrings(context: RuleContext, release: EssRelease): void {
  const { values } = release;
  const fallback = release.object.document.locate(release.object.anchor);
  for (const name of ['client', 'server', 'support']) {
    const node = values.node(['wellKnownDelegation', 'additional', name]);
    const found = isScalar(node) ? jsonObjectProblem(context.repository.flux.origins, node, fallback) : null;
    if (!found) continue;
    context.report({
      message: `"wellKnownDelegation.additional.${name}" in ${describeObject(idOf(release.object))} ${found.problem}; the chart needs a JSON object there and fails to render it.`,
      location: found.location,
      fix: 'Write a JSON object, for example "{}".',
    });
  }
}

/**
 * An inline `config` is a configuration file: the chart parses it (`fromYaml`) and,
 * from matrix-stack 26.4.1, refuses to render when it is not YAML or not a mapping
 * ("synapse.additional['x'] is invalid"); the component could not read it either.
 * Only the first document counts, as `fromYaml` reads only that one.
 */
function checkConfigText(context: RuleContext, release: EssRelease, component: AdditionalComponent, name: string, config: Scalar, where: string): void {
  const path = ADDITIONAL_COMPONENTS[component];
  // The chart checks what it renders: an enabled component (the SFU also needs matrixRTC on).
  if (!path.every((_, i) => release.values.enabled(path.slice(0, i + 1)))) return;
  const document = context.repository.flux.origins.textOf(config)?.documents()[0];
  if (!document) return;
  const field = `"${pathText([...path, 'additional', name, 'config'])}" ${where}`;
  const chartSays = `matrix-stack refuses to render it ("${path.join('.')}.additional['${name}'] is invalid", since 26.4.1)`;
  const error = document.doc.errors[0];
  if (error) {
    // An error at the end of the text (an unclosed bracket) is shown on the last line written.
    const written = document.text.trimEnd();
    const lastLine = written.slice(written.lastIndexOf('\n') + 1);
    const [from, to] = error.pos[0] < written.length ? error.pos : [written.length - lastLine.trimStart().length, written.length];
    const [start, end] = document.fileRange(from, to);
    // The parser's words may quote the text: not when it came from a Secret.
    const reason = release.values.isSecret(config) ? '' : `: ${error.message.replace(/\.?$/, '')}`;
    context.report({ message: `${field} is not valid YAML${reason}; ${chartSays}.`, location: document.source.location(start, end), fix: 'Correct the YAML of the configuration.' });
    return;
  }
  const alias = document.aliasProblems[0];
  if (alias) {
    const hidden = release.values.isSecret(config);
    const what = { undefined: 'refers to no anchor before it', cycle: 'is inside the node it refers to', limit: 'expands beyond what YAML parsers accept' }[alias.kind];
    context.report({ message: `${field} is not valid YAML: ${hidden ? 'an alias' : `the alias "*${alias.alias.source}"`} ${what}; ${chartSays}.`, location: document.locate(alias.alias), fix: 'Correct the YAML of the configuration.' });
    return;
  }
  const contents = document.contents;
  if (!contents || isMap(contents) || (isScalar(contents) && contents.value === null)) return;
  context.report({
    message: `${field} is ${isSeq(contents) ? 'a list' : 'a single value'}, not a mapping of configuration keys; ${chartSays}.`,
    location: document.locate(contents),
    fix: 'Write the configuration as keys and values ("key: value" lines).',
  });
}

