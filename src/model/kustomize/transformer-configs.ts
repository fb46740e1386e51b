import { isMap, isScalar, isSeq, YAMLMap, type Node } from 'yaml';
import type { YamlDocument } from '../../yaml/document.js';
import { asMap, itemsOf, keyName, nodeAt, pairsOf, stringValue, type MapNode } from '../../yaml/nodes.js';
import type { Origins } from '../origins.js';
import type { Repository } from '../repository.js';
import { idOf, type BuiltObject } from './object.js';
import type { BuildProblem } from './problems.js';
import { applyPatchEntry } from './patches.js';
import { applyReplacements } from './replacements.js';
import { updateReferences, type ReferenceSpec } from './references.js';
import { mergePairs, renameObjects, setImages, setNamespace, setValue, type TransformContext } from './transformers.js';

export interface TransformerConfigContext {
  repository: Repository;
  origins: Origins;
  document: YamlDocument;
  /** Directory of the kustomization, relative to the root: a patch `path` is relative to it. */
  dir: string;
  problems: BuildProblem[];
  /** Name references taught by `configurations`, followed when a transformer renames. */
  references: ReferenceSpec[];
  /** Where the build records the files it reads (a PatchTransformer's patch file). */
  inputs: Set<string>;
  /** The repository path of a file entry, or null (then the reason is recorded). */
  resolve(entry: Node): string | null;
}

/** Applies one builtin transformer's config; false when this config is not modelled. */
type Apply = (root: MapNode, config: YamlDocument, objects: BuiltObject[], context: TransformerConfigContext) => boolean;

/** The builtin transformers fluxlint applies, each as the kustomization field that does the same. */
const BUILTINS: Record<string, Apply> = {
  LabelTransformer: (root, config, objects, context) => mergeAtFieldSpecs('labels', root, config, objects, context),
  AnnotationsTransformer: (root, config, objects, context) => mergeAtFieldSpecs('annotations', root, config, objects, context),
  // Without fieldSpecs it changes the images of containers, as an `images` entry; other paths are not followed.
  ImageTagTransformer: (root, config, objects, context) => {
    const imageTag = nodeAt(root, ['imageTag'], config.doc);
    if (!isMap(imageTag) || nodeAt(root, ['fieldSpecs'], config.doc)) return false;
    setImages(objects, [imageTag], { origins: context.origins, document: config });
    return true;
  },
  // Modelled with the one fieldSpec the `namespace` field uses; it leaves Namespace objects' names alone.
  NamespaceTransformer: (root, config, objects, context) => {
    const namespace = nodeAt(root, ['metadata', 'namespace'], config.doc);
    const subjects = stringValue(nodeAt(root, ['setRoleBindingSubjects'], config.doc), config.doc);
    if (!isScalar(namespace) || !onlyFieldSpec(root, config, 'metadata/namespace') || nodeAt(root, ['unsetOnly'], config.doc) || (subjects && subjects !== 'defaultOnly')) return false;
    setNamespace(objects, namespace, { origins: context.origins, document: config }, false);
    return true;
  },
  // Modelled with the one fieldSpec the `namePrefix` and `nameSuffix` fields use.
  PrefixSuffixTransformer: (root, config, objects, context) => {
    const prefix = nodeAt(root, ['prefix'], config.doc);
    const suffix = nodeAt(root, ['suffix'], config.doc);
    if (!onlyFieldSpec(root, config, 'metadata/name') || !(prefix ?? suffix)) return false;
    const text = (node: Node | null) => stringValue(node, config.doc) ?? '';
    const renames = renameObjects(objects, text(prefix), text(suffix), { origins: context.origins, document: config }, (prefix ?? suffix)!);
    updateReferences(objects, renames, context.references);
    return true;
  },
  ReplacementTransformer: (root, config, objects, context) => {
    applyReplacements(root, objects, { repository: context.repository, origins: context.origins, document: config, problems: context.problems, dir: context.dir, resolve: context.resolve });
    return true;
  },
  PatchTransformer: (root, config, objects, context) => {
    applyPatchEntry(objects, root, { repository: context.repository, origins: context.origins, document: config, dir: context.dir, problems: context.problems, inputs: context.inputs });
    return true;
  },
};

/**
 * A kustomization's `transformers:` entries, after its own fields' transformers (as
 * kustomize orders them). An entry is a config written inline (a string of YAML) or
 * a file of configs. The builtin LabelTransformer and AnnotationsTransformer (at
 * their fieldSpecs), PatchTransformer, ReplacementTransformer and ImageTagTransformer
 * (without fieldSpecs) are applied; any other transformer is reported as not modelled.
 */
export function runTransformerConfigs(kustomization: MapNode, objects: BuiltObject[], context: TransformerConfigContext): void {
  const doc = context.document.doc;
  for (const entry of itemsOf(nodeAt(kustomization, ['transformers'], doc), doc)) {
    const written = stringValue(entry, doc);
    if (written === null) continue;
    // kustomize reads an entry with a line break as the config itself, any other as a path.
    const configs = written.includes('\n') ? (context.document.embedded(entry) ?? []) : configsInFile(entry, context);
    for (const config of configs) applyConfig(config, objects, context);
  }
}

function configsInFile(entry: Node, context: TransformerConfigContext): YamlDocument[] {
  const target = context.resolve(entry);
  return target ? (context.repository.yamlFile(target)?.documents ?? []) : [];
}

function applyConfig(config: YamlDocument, objects: BuiltObject[], context: TransformerConfigContext): void {
  const root = config.hasErrors ? null : asMap(config.contents, config.doc);
  if (!root) return;
  const kind = stringValue(nodeAt(root, ['kind'], config.doc), config.doc) ?? '';
  const builtin = stringValue(nodeAt(root, ['apiVersion'], config.doc), config.doc) === 'builtin' ? BUILTINS[kind] : undefined;
  if (builtin?.(root, config, objects, context)) return;
  const name = stringValue(nodeAt(root, ['metadata', 'name'], config.doc), config.doc);
  context.problems.push({
    kind: 'unmodelled',
    message: `Transformer ${kind || '(no kind)'}${name ? ` "${name}"` : ''} is not modelled: fluxlint checks the objects as if it did not run.`,
    location: config.locate(nodeAt(root, ['kind'], config.doc) ?? root),
  });
}

/** Whether a config's fieldSpecs are exactly one, for every kind, at a path. */
function onlyFieldSpec(root: MapNode, config: YamlDocument, path: string): boolean {
  const specs = itemsOf(nodeAt(root, ['fieldSpecs'], config.doc), config.doc);
  if (specs.length !== 1) return false;
  const keys = pairsOf(specs[0]).map((pair) => keyName(pair));
  return stringValue(nodeAt(specs[0], ['path'], config.doc), config.doc) === path && keys.every((key) => key === 'path' || key === 'create');
}

/** A LabelTransformer's or AnnotationsTransformer's pairs, merged at each of its fieldSpecs. */
function mergeAtFieldSpecs(field: 'labels' | 'annotations', root: MapNode, config: YamlDocument, objects: BuiltObject[], context: TransformerConfigContext): boolean {
  const pairs = asMap(nodeAt(root, [field], config.doc), config.doc);
  if (!pairs) return false;
  const transform: TransformContext = { origins: context.origins, document: config };
  for (const spec of itemsOf(nodeAt(root, ['fieldSpecs'], config.doc), config.doc)) {
    const path = stringValue(nodeAt(spec, ['path'], config.doc), config.doc);
    if (!path) continue;
    const create = (nodeAt(spec, ['create'], config.doc) as { value?: unknown } | null)?.value === true;
    for (const object of objects) {
      if (matches(object, spec, config)) mergeAt(object.node, path.split('/'), create, pairs, transform);
    }
  }
  return true;
}

/** Whether an object is of a fieldSpec's kind, group and version (an unset one matches all). */
function matches(object: BuiltObject, spec: Node, config: YamlDocument): boolean {
  const { apiVersion, kind } = idOf(object);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const wanted = (key: string) => stringValue(nodeAt(spec, [key], config.doc), config.doc);
  return [
    [wanted('kind'), kind],
    [wanted('group'), group],
    [wanted('version'), version],
  ].every(([want, have]) => !want || want === have);
}

/** Merges the pairs into the mapping at a fieldSpec path; lists on the way are stepped into, item by item. */
function mergeAt(node: Node | null, path: string[], create: boolean, pairs: MapNode, context: TransformContext): void {
  if (isSeq(node)) {
    for (const item of node.items) mergeAt(item as Node, path, create, pairs, context);
    return;
  }
  if (!isMap(node)) return;
  const [step, ...rest] = path;
  if (step === undefined) return;
  let next = (node as MapNode).get(step, true) as Node | undefined;
  if (!isMap(next) && !isSeq(next)) {
    if (!create) return;
    next = new YAMLMap<unknown, unknown>();
    context.origins.register(next, context.document);
    setValue(node as MapNode, step, next, context, pairs);
  }
  if (rest.length) mergeAt(next, rest, create, pairs, context);
  else if (isMap(next)) mergePairs(next as MapNode, pairs, context);
}
