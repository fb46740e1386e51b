import path from 'node:path';
import { isMap, isScalar, type Node } from 'yaml';
import type { YamlDocument } from '../../yaml/document.js';
import { asMap, itemsOf, keyName, nodeAt, pairOf, pairsOf, stringValue, type MapNode } from '../../yaml/nodes.js';
import type { Origins } from '../origins.js';
import type { Repository } from '../repository.js';
import { applyNameHash, runGenerators } from './generators.js';
import type { BuiltObject } from './object.js';
import { applyPatches } from './patches.js';
import { isRemote, type BuildProblem } from './problems.js';
import { updateReferences, type ReferenceSpec, type Rename } from './references.js';
import { applyReplacements } from './replacements.js';
import { runTransformerConfigs } from './transformer-configs.js';
import { addMetadata, renameObjects, setImages, setNamespace, setReplicas, type TransformContext } from './transformers.js';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The output of building one directory. */
export interface KustomizeBuild {
  /** Directory built, relative to the root ('' for the root). */
  dir: string;
  objects: BuiltObject[];
  problems: BuildProblem[];
  /** Kustomization directories this build included (resources and components), itself too. */
  included: Set<string>;
  /** Files whose objects the build took in. */
  files: Set<string>;
  /** Other files the build read: generator sources, patch, replacement and transformer files. */
  inputs: Set<string>;
  /** Name references taught by `configurations`, for overlays applied later (Flux's). */
  references: ReferenceSpec[];
}

/**
 * A Flux Kustomization's `spec.components`: Flux appends them to the `components` of
 * the kustomization at its path before kustomize builds it, so that kustomization's
 * patches, replacements and other transformers see their objects.
 */
export interface FluxComponents {
  entries: Node[];
  /** The document the Flux Kustomization is written in. */
  document: YamlDocument;
}

/** What one build collects while it walks its kustomizations. */
interface BuildState {
  /** Components Flux adds to the kustomization built (not to those it includes). */
  fluxComponents?: FluxComponents;
  problems: BuildProblem[];
  included: Set<string>;
  references: ReferenceSpec[];
  /** Files whose objects the build took in. */
  files: Set<string>;
  /** Other files the build read (see KustomizeBuild.inputs). */
  inputs: Set<string>;
}

/** The kustomization file of a directory, if it has one. */
export function kustomizationFileOf(repository: Repository, dir: string): string | null {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const candidate = dir ? `${dir}/${name}` : name;
    if (repository.kindOfPath(candidate) === 'file') return candidate;
  }
  return null;
}

/** Whether including one more kustomization would pass MAX_KUSTOMIZE_DEPTH; if so, says so at the entry. */
function tooDeep(stack: string[], entry: Node, document: YamlDocument, problems: BuildProblem[]): boolean {
  if (stack.length < MAX_KUSTOMIZE_DEPTH) return false;
  problems.push({
    kind: 'invalid',
    message: `"${stringValue(entry, document.doc)}" is not built from here: it would nest more than ${MAX_KUSTOMIZE_DEPTH} kustomizations, each including the next (${stack[0] || '.'} → … → ${stack[stack.length - 1] || '.'}); fluxlint builds at most ${MAX_KUSTOMIZE_DEPTH} levels.`,
    location: document.locate(entry),
  });
  return true;
}

/** Names generated objects with their content hash, and updates references to them. */
function finish(objects: BuiltObject[], state: BuildState): void {
  const renames: Rename[] = [];
  for (const object of objects) {
    stringifyMetadata(object);
    dropEmptyAnnotations(object);
    const rename = object.hashed ? applyNameHash(object) : null;
    if (rename) renames.push(rename);
  }
  updateReferences(objects, renames, state.references);
}

/** kustomize re-encodes every label and annotation as a string (`enabled: false` is applied as "false"). */
function stringifyMetadata(object: BuiltObject): void {
  for (const field of ['labels', 'annotations']) {
    for (const pair of pairsOf(nodeAt(object.node, ['metadata', field]))) {
      const value = pair.value;
      if (isScalar(value) && value.value !== null && typeof value.value !== 'string') value.value = String(value.value);
    }
  }
}

/**
 * kustomize drops `metadata.annotations` when it is null or empty (it keeps its own
 * bookkeeping annotations there and clears the field when none are left); `labels: null` stays.
 */
function dropEmptyAnnotations(object: BuiltObject): void {
  const metadata = asMap(object.node.get('metadata', true));
  const pair = metadata ? pairOf(metadata, 'annotations') : null;
  if (!metadata || !pair) return;
  const value = pair.value;
  if (value === null || (isScalar(value) && value.value === null) || (isMap(value) && value.items.length === 0)) {
    metadata.items.splice(metadata.items.indexOf(pair), 1);
  }
}

/**
 * Whether a kustomization sets nothing: every field but apiVersion and kind is
 * absent, null or "". kustomize refuses to build it ("kustomization.yaml is empty");
 * an empty list or mapping is not nothing to it.
 */
function isEmptyKustomization(kustomization: MapNode): boolean {
  return pairsOf(kustomization).every((pair) => {
    const key = keyName(pair);
    if (key === 'apiVersion' || key === 'kind') return true;
    const value = pair.value;
    return value === null || (isScalar(value) && (value.value === null || value.value === ''));
  });
}

/** How a kustomization directory is included: kustomize wants a Component exactly where components are listed. */
type Inclusion = 'root' | 'resource' | 'component';

/** The entry that included a kustomization directory, to point at. */
interface Included {
  entry: Node;
  document: YamlDocument;
}

/**
 * How deeply kustomizations may include one another. kustomize has no limit, but
 * fluxlint builds recursively and real repositories nest a handful of levels.
 */
export const MAX_KUSTOMIZE_DEPTH = 100;

/**
 * Builds kustomizations as `kustomize build` does, in-process, keeping the origin
 * of every node: resources (files and directories, recursively), components,
 * generators, then the transformers in kustomize's order.
 */
export class KustomizeBuilder {
  constructor(
    private readonly repository: Repository,
    private readonly origins: Origins,
  ) {}

  /** Builds a directory that has a kustomization file, with the components a Flux Kustomization adds to it. */
  build(dir: string, fluxComponents?: FluxComponents): KustomizeBuild {
    const state: BuildState = { problems: [], included: new Set(), references: [], files: new Set(), inputs: new Set(), ...(fluxComponents ? { fluxComponents } : {}) };
    const objects = this.accumulate(dir, [], [], state, 'root') ?? [];
    finish(objects, state);
    return { dir, objects, problems: state.problems, included: state.included, files: state.files, inputs: state.inputs, references: state.references };
  }

  /**
   * Builds a directory as Flux does when it has no kustomization file: every YAML
   * file below it, except that a subdirectory with a kustomization file is built
   * as a whole and not descended into.
   */
  buildPlain(dir: string): KustomizeBuild {
    const state: BuildState = { problems: [], included: new Set(), references: [], files: new Set(), inputs: new Set() };
    const objects: BuiltObject[] = [];
    const scan = (current: string) => {
      for (const entry of this.repository.listDirectory(current)) {
        const child = current ? `${current}/${entry.name}` : entry.name;
        if (entry.directory) {
          if (kustomizationFileOf(this.repository, child)) objects.push(...(this.accumulate(child, [dir], [], state, 'root') ?? []));
          else scan(child);
        } else if (/\.ya?ml$/.test(entry.name)) {
          state.files.add(child);
          objects.push(...this.objectsOfFile(child));
        }
      }
    };
    scan(dir);
    finish(objects, state);
    return { dir, objects, problems: state.problems, included: state.included, files: state.files, inputs: state.inputs, references: state.references };
  }

  /** The objects written in a file (documents with a kind), copied. */
  objectsOfFile(file: string): BuiltObject[] {
    const parsed = this.repository.yamlFile(file);
    if (!parsed) return [];
    const objects: BuiltObject[] = [];
    for (const document of parsed.documents) {
      if (document.hasErrors) continue;
      const node = asMap(document.contents, document.doc);
      if (!node || !stringValue(nodeAt(node, ['kind'], document.doc), document.doc)) continue;
      objects.push({ node: this.origins.copy(node, document), document, anchor: node });
    }
    return objects;
  }

  /**
   * The objects of a kustomization directory. `base` holds what a component is
   * applied to; `stack` the directories being built, to stop cycles.
   */
  private accumulate(dir: string, stack: string[], base: BuiltObject[], state: BuildState, inclusion: Inclusion, includer?: Included): BuiltObject[] | null {
    const { problems } = state;
    const file = kustomizationFileOf(this.repository, dir);
    const parsed = file ? this.repository.yamlFile(file) : null;
    if (!file || !parsed) return null;
    const document = parsed.documents[0];
    if (document?.hasErrors) return null;
    const kustomization = document ? asMap(document.contents, document.doc) : null;
    if (document && document.contents !== null && !kustomization) return null;
    state.included.add(dir);
    if (!document || !kustomization || isEmptyKustomization(kustomization)) {
      const location = document ? document.locateDocument() : parsed.source.location(0);
      problems.push({ kind: 'invalid', message: `${file} is empty (it sets nothing besides apiVersion and kind); kustomize build fails on it: "kustomization.yaml is empty".`, location, emptyKustomization: dir });
      return inclusion === 'component' ? null : [];
    }
    const doc = document.doc;
    const kind = stringValue(nodeAt(kustomization, ['kind'], doc), doc) ?? 'Kustomization';
    if (includer && (inclusion === 'component') !== (kind === 'Component')) {
      const written = stringValue(includer.entry, includer.document.doc);
      problems.push({
        kind: 'invalid',
        message:
          inclusion === 'resource'
            ? `Resource "${written}" is a kustomize Component (kind: Component); kustomize build fails on a Component listed under resources: list it under components.`
            : `Component "${written}" is a ${kind}, not a kind: Component; kustomize build fails on it: list it under resources, or make it kind: Component.`,
        location: includer.document.locate(includer.entry),
      });
      return inclusion === 'component' ? null : [];
    }
    state.references.push(...this.configurations(dir, kustomization, document, problems));
    let objects = [...base];
    const here = [...stack, dir];

    for (const entry of itemsOf(nodeAt(kustomization, ['resources'], doc), doc)) {
      objects.push(...this.resource(dir, entry, document, here, state));
    }
    objects = this.components(dir, itemsOf(nodeAt(kustomization, ['components'], doc), doc), objects, document, here, state);
    // Flux's components come after the kustomization's own, as Flux appends them; paths are relative to this directory.
    if (inclusion === 'root' && stack.length === 0 && state.fluxComponents) objects = this.components(dir, state.fluxComponents.entries, objects, state.fluxComponents.document, here, state);

    const inputs = state.inputs;
    objects = runGenerators(kustomization, objects, { repository: this.repository, origins: this.origins, dir, document, problems, inputs });
    this.transform(kustomization, objects, document, dir, problems, state.references, inputs);
    // A replacement or transformer file is read by the build, as a patch file is.
    const input = (what: string) => (entry: Node) => {
      const target = this.target(dir, entry, document, problems, what);
      if (target) inputs.add(target);
      return target;
    };
    // kustomize runs replacements last of its built-in transformers, before the `transformers:` entries.
    applyReplacements(kustomization, objects, { repository: this.repository, origins: this.origins, document, problems, dir, resolve: input('replacement file') });
    runTransformerConfigs(kustomization, objects, { repository: this.repository, origins: this.origins, document, dir, problems, references: state.references, inputs, resolve: input('transformer') });
    return objects;
  }

  /**
   * Applies components (kustomize `kind: Component`) to the objects accumulated so
   * far: each adds its resources and generators and runs its transformers on all of them.
   */
  private components(dir: string, entries: Node[], objects: BuiltObject[], document: YamlDocument, stack: string[], state: BuildState): BuiltObject[] {
    let result = objects;
    for (const entry of entries) {
      const target = this.target(dir, entry, document, state.problems, 'component');
      if (!target) continue;
      if (stack.includes(target)) {
        state.problems.push({ kind: 'cycle', message: `Component "${stringValue(entry, document.doc)}" includes itself through ${[...stack, target].join(' → ') || '.'}.`, location: document.locate(entry) });
        continue;
      }
      if (tooDeep(stack, entry, document, state.problems)) continue;
      if (!kustomizationFileOf(this.repository, target)) {
        state.problems.push({ kind: 'missing', message: `Component directory "${stringValue(entry, document.doc)}" has no kustomization.yaml.`, location: document.locate(entry) });
        continue;
      }
      result = this.accumulate(target, stack, result, state, 'component', { entry, document }) ?? result;
    }
    return result;
  }

  /** A Flux Kustomization's `spec.components`, relative to its path, applied to a finished build. */
  applyComponents(build: KustomizeBuild, entries: Node[], document: YamlDocument): void {
    if (!entries.length) return;
    const state: BuildState = { problems: build.problems, included: build.included, references: build.references, files: build.files, inputs: build.inputs };
    const objects = this.components(build.dir, entries, build.objects, document, [build.dir], state);
    finish(objects.filter((o) => !build.objects.includes(o)), state);
    build.objects.splice(0, build.objects.length, ...objects);
  }

  /** One `resources` entry: a file's objects, or a kustomization directory built. */
  private resource(dir: string, entry: Node, document: YamlDocument, stack: string[], state: BuildState): BuiltObject[] {
    const { problems } = state;
    const target = this.target(dir, entry, document, problems, 'resource');
    if (!target) return [];
    if (this.repository.kindOfPath(target) === 'file') {
      state.files.add(target);
      return this.objectsOfFile(target);
    }
    if (stack.includes(target)) {
      problems.push({ kind: 'cycle', message: `Resource "${stringValue(entry, document.doc)}" includes itself through ${[...stack, target].join(' → ')}.`, location: document.locate(entry) });
      return [];
    }
    if (tooDeep(stack, entry, document, problems)) return [];
    if (kustomizationFileOf(this.repository, target)) return this.accumulate(target, stack, [], state, 'resource', { entry, document }) ?? [];
    problems.push({ kind: 'missing', message: `Resource directory "${stringValue(entry, document.doc)}" has no kustomization.yaml.`, location: document.locate(entry) });
    return [];
  }

  /** The name references a kustomization's `configurations` files teach (kustomize's `nameReference`). */
  private configurations(dir: string, kustomization: MapNode, document: YamlDocument, problems: BuildProblem[]): ReferenceSpec[] {
    const specs: ReferenceSpec[] = [];
    for (const entry of itemsOf(nodeAt(kustomization, ['configurations'], document.doc), document.doc)) {
      const target = this.target(dir, entry, document, problems, 'configuration');
      const file = target ? this.repository.yamlFile(target) : null;
      const config = file?.documents[0];
      if (!config) continue;
      for (const reference of itemsOf(nodeAt(config.contents, ['nameReference'], config.doc), config.doc)) {
        const kind = stringValue(nodeAt(reference, ['kind'], config.doc), config.doc);
        if (!kind) continue;
        for (const spec of itemsOf(nodeAt(reference, ['fieldSpecs'], config.doc), config.doc)) {
          const owner = stringValue(nodeAt(spec, ['kind'], config.doc), config.doc);
          const path = stringValue(nodeAt(spec, ['path'], config.doc), config.doc);
          if (owner && path) specs.push({ owner, target: kind, path: path.split('/') });
        }
      }
    }
    return specs;
  }

  /** Resolves an entry to a path in the repository, or records why it cannot be followed. */
  private target(dir: string, entry: Node, document: YamlDocument, problems: BuildProblem[], what: string): string | null {
    const written = stringValue(entry, document.doc);
    if (!written) return null;
    const location = document.locate(entry);
    if (isRemote(written)) {
      problems.push({ kind: 'remote', message: `Remote ${what} "${written}" is not fetched; fluxlint works offline, so objects from it are not checked.`, location });
      return null;
    }
    const target = path.posix.normalize(path.posix.join(dir || '.', written)).replace(/\/$/, '');
    if (target.startsWith('../') || target === '..' || path.posix.isAbsolute(written)) {
      problems.push({ kind: 'outside-root', message: `The ${what} "${written}" is outside the repository; it is not followed.`, location });
      return null;
    }
    const normalized = target === '.' ? '' : target;
    if (!this.repository.kindOfPath(normalized || '.')) {
      problems.push({ kind: 'missing', message: `The ${what} "${written}" does not exist.`, location });
      return null;
    }
    return normalized;
  }

  /** kustomize's built-in transformers, in its order. Flux's own overlay (targetNamespace, patches, images) uses them too. */
  transform(kustomization: MapNode, objects: BuiltObject[], document: YamlDocument, dir: string, problems: BuildProblem[], references: ReferenceSpec[] = [], inputs = new Set<string>()): void {
    const doc = document.doc;
    const context: TransformContext = { origins: this.origins, document };
    const patchContext = { repository: this.repository, origins: this.origins, document, dir, problems, inputs };
    applyPatches(objects, kustomization, 'patchesStrategicMerge', patchContext);
    applyPatches(objects, kustomization, 'patches', patchContext);

    const namespace = nodeAt(kustomization, ['namespace'], doc);
    if (namespace && isScalar(namespace)) setNamespace(objects, namespace, context);

    const prefix = stringValue(nodeAt(kustomization, ['namePrefix'], doc), doc) ?? '';
    const suffix = stringValue(nodeAt(kustomization, ['nameSuffix'], doc), doc) ?? '';
    const renames = prefix || suffix ? renameObjects(objects, prefix, suffix, context, pairOf(kustomization, prefix ? 'namePrefix' : 'nameSuffix', doc)!.value as Node) : [];

    const commonLabels = nodeAt(kustomization, ['commonLabels'], doc);
    if (isMap(commonLabels)) addMetadata(objects, 'labels', commonLabels as MapNode, { templates: true, selectors: true }, context);
    for (const entry of itemsOf(nodeAt(kustomization, ['labels'], doc), doc)) {
      const pairs = nodeAt(entry, ['pairs'], doc);
      if (!isMap(pairs)) continue;
      const flag = (name: string) => (nodeAt(entry, [name], doc) as { value?: unknown } | null)?.value === true;
      addMetadata(objects, 'labels', pairs as MapNode, { templates: flag('includeTemplates') || flag('includeSelectors'), selectors: flag('includeSelectors') }, context);
    }
    const commonAnnotations = nodeAt(kustomization, ['commonAnnotations'], doc);
    if (isMap(commonAnnotations)) addMetadata(objects, 'annotations', commonAnnotations as MapNode, { templates: true, selectors: false }, context);

    applyPatches(objects, kustomization, 'patchesJson6902', patchContext);
    setReplicas(objects, itemsOf(nodeAt(kustomization, ['replicas'], doc), doc), context);
    setImages(objects, itemsOf(nodeAt(kustomization, ['images'], doc), doc), context);
    updateReferences(objects, renames, references);
  }
}
