import type { Node } from 'yaml';
import type { Finding } from '../../src/engine/rule.js';
import type { FluxModel } from '../../src/model/flux/model.js';
import { additionalEntries, entryDocuments, type AdditionalComponent, type AdditionalEntry, ADDITIONAL_COMPONENTS } from '../../src/model/ess/additional.js';
import { essReleases, type EssRelease } from '../../src/model/ess/release.js';
import { idOf, describeObject } from '../../src/model/kustomize/object.js';
import { configValidator, type ConfigSchemaName } from '../../src/schemas/config-schemas.js';
import { problemsOf, withoutNulls, type Problem } from '../../src/schemas/problems.js';
import type { YamlDocument } from '../../src/yaml/document.js';
import { describeProblem, pathText, type SchemaSubject } from './schema-findings.js';

/** A configuration document a user wrote into a component's `additional` values. */
export interface ConfigDocument {
  release: EssRelease;
  component: AdditionalComponent;
  entry: AdditionalEntry;
  document: YamlDocument;
  /** The document as the subject of schema problems. */
  subject: SchemaSubject;
}

const parsed = new WeakMap<FluxModel, Map<AdditionalComponent, ConfigDocument[]>>();

/**
 * Every inline configuration document of a component in every matrix-stack release,
 * in the chart's merge order. Parsed once per model: several rules read them.
 */
export function configDocuments(model: FluxModel, component: AdditionalComponent): ConfigDocument[] {
  let byComponent = parsed.get(model);
  if (!byComponent) parsed.set(model, (byComponent = new Map()));
  let documents = byComponent.get(component);
  if (!documents) byComponent.set(component, (documents = parseConfigDocuments(model, component)));
  return documents;
}

function parseConfigDocuments(model: FluxModel, component: AdditionalComponent): ConfigDocument[] {
  const documents: ConfigDocument[] = [];
  for (const release of essReleases(model)) {
    for (const entry of additionalEntries(release.values, component)) {
      const document = entryDocuments(model.origins, entry)[0];
      if (!document || document.hasErrors || !document.contents) continue;
      documents.push({ release, component, entry, document, subject: subjectOf(release, component, entry, document) });
    }
  }
  return documents;
}

/** Where an entry is, for messages: `synapse.additional["00-rtc"]`. */
export function entryPath(component: AdditionalComponent, entry: AdditionalEntry): string {
  const path = [...ADDITIONAL_COMPONENTS[component], 'additional', entry.name];
  return component === 'elementWeb' ? pathText(path) : `${pathText(path)}.config`;
}

function subjectOf(release: EssRelease, component: AdditionalComponent, entry: AdditionalEntry, document: YamlDocument): SchemaSubject {
  const secret = entry.text !== null && release.values.isSecret(entry.text);
  return {
    root: document.contents as Node,
    doc: document.doc,
    name: entryPath(component, entry),
    where: `in ${entryPath(component, entry)} of ${describeObject(idOf(release.object))}`,
    locate: (node) => document.locate(node),
    hidden: () => secret,
    written: (node) => (node.range ? document.text.slice(node.range[0], node.range[1]).trim() : null),
  };
}

/** The problems of a configuration document against one of fluxlint's configuration schemas, each with its finding. */
export function configFindings(config: ConfigDocument, schema: ConfigSchemaName): { problem: Problem; finding: Finding }[] {
  const validator = configValidator(schema);
  const value = withoutNulls(config.document.toJS());
  if (value === undefined) return [];
  return problemsOf(validator.validate(value), value, validator.schema).map((problem) => ({
    problem,
    finding: describeProblem(problem, config.subject, validator.schema),
  }));
}
