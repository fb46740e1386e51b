import path from 'node:path';
import { isMap, type Node } from 'yaml';
import type { YamlDocument } from '../../yaml/document.js';
import { asMap, itemsOf, nodeAt, pairsOf, keyName, stringValue, type MapNode } from '../../yaml/nodes.js';
import { goRegExp, type GoRegExp } from '../go-regex.js';
import type { Origins } from '../origins.js';
import type { Repository } from '../repository.js';
import { effectiveNamespace, groupOf, idOf, versionOf, type BuiltObject, type ObjectId } from './object.js';
import { applyJsonPatch, readJsonPatch, strategicMerge } from './patch.js';
import { buildIsComplete, type BuildProblem } from './problems.js';

export interface PatchesContext {
  repository: Repository;
  origins: Origins;
  /** The kustomization document. */
  document: YamlDocument;
  dir: string;
  problems: BuildProblem[];
  /** Where the build records the patch files it reads. */
  inputs: Set<string>;
}

/** A patch's target selector (kustomize's `target:`). Names and namespaces are anchored regular expressions. */
export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: GoRegExp;
  namespace?: GoRegExp;
  labelSelector?: string;
  annotationSelector?: string;
}

/**
 * Applies the patches of one kustomization field in place: `patches` (inline or by
 * path, strategic merge or JSON 6902, with or without a target),
 * `patchesStrategicMerge` (paths or inline YAML) or `patchesJson6902`. Objects a
 * `$patch: delete` removes are dropped from the list.
 */
export function applyPatches(objects: BuiltObject[], kustomization: MapNode, field: 'patches' | 'patchesStrategicMerge' | 'patchesJson6902', context: PatchesContext): void {
  const doc = context.document.doc;
  for (const entry of itemsOf(nodeAt(kustomization, [field], doc), doc)) {
    if (field === 'patchesStrategicMerge') {
      // A path, or the patch itself as a YAML string.
      const text = stringValue(entry, doc);
      const documents = text === null ? [] : text.includes('\n') || text.includes(':') ? (context.document.embedded(entry) ?? []) : patchFile(text, entry, context);
      for (const document of documents) applyDocument(objects, document, null, context);
      continue;
    }
    applyPatchEntry(objects, entry, context, field === 'patchesJson6902');
  }
}

/** One entry of `patches` or `patchesJson6902` (also a PatchTransformer's config): `patch` inline or `path`, and `target`. */
export function applyPatchEntry(objects: BuiltObject[], entry: Node, context: PatchesContext, json6902 = false): void {
  const doc = context.document.doc;
  const target = selectorOf(nodeAt(entry, ['target'], doc), context.document);
  const inline = nodeAt(entry, ['patch'], doc);
  if (inline && stringValue(inline, doc) === null) {
    context.problems.push({ kind: 'invalid', message: '"patch" must be a string that holds the patch (YAML or JSON); kustomize rejects the kustomization.', location: context.document.locate(inline) });
    return;
  }
  const file = stringValue(nodeAt(entry, ['path'], doc), doc);
  const documents = inline ? (context.document.embedded(inline) ?? []) : file ? patchFile(file, nodeAt(entry, ['path'], doc)!, context) : [];
  for (const document of documents) applyDocument(objects, document, target, context, json6902);
}

function patchFile(relative: string, node: Node, context: PatchesContext): YamlDocument[] {
  const target = path.posix.normalize(path.posix.join(context.dir || '.', relative));
  const file = target.startsWith('../') ? null : context.repository.yamlFile(target);
  if (!file) {
    context.problems.push({
      kind: target.startsWith('../') ? 'outside-root' : 'missing',
      message: target.startsWith('../') ? `Patch "${relative}" is outside the repository; it is not followed.` : `Patch "${relative}" does not exist.`,
      location: context.document.locate(node),
    });
    return [];
  }
  context.inputs.add(target);
  return file.documents;
}

function applyDocument(objects: BuiltObject[], document: YamlDocument, selector: Selector | null, context: PatchesContext, json = false): void {
  if (document.hasErrors || !document.contents) return;
  const jsonPatch = readJsonPatch(document.contents, document.doc);
  if (jsonPatch || json) {
    if (!jsonPatch) {
      context.problems.push({ kind: 'invalid', message: 'A JSON 6902 patch must be a list of operations; kustomize cannot parse this one.', location: document.locate(document.contents) });
      return;
    }
    for (const problem of jsonPatch.problems) context.problems.push({ kind: 'invalid', message: problem.message, location: document.locate(problem.node) });
    if (!selector) {
      context.problems.push({ kind: 'invalid', message: 'A JSON 6902 patch needs a target (kind, name, …); kustomize stops the build without one.', location: document.locateDocument() });
      return;
    }
    for (const object of objects.filter((o) => matches(o, selector))) {
      const { kind, name } = idOf(object);
      for (const failed of applyJsonPatch(object.node, jsonPatch.ops, { origins: context.origins, document, kind })) {
        const message =
          failed.op === 'test'
            ? `JSON patch test of "${failed.path}" fails on ${kind} "${name}": the value there differs, and kustomize stops the build.`
            : `JSON patch operation "${failed.op} ${failed.path}" does not apply to ${kind} "${name}".`;
        context.problems.push({ kind: 'invalid', message, location: document.locate(failed.node) });
      }
    }
    return;
  }
  const patch = asMap(document.contents, document.doc);
  if (!patch) return;
  const copy = context.origins.copy(patch, document);
  const targets = objects.filter((o) => (selector ? matches(o, selector) : sameObject(o, idOf({ node: copy }))));
  if (!selector && targets.length === 0 && buildIsComplete(context.problems)) {
    const id = idOf({ node: copy });
    context.problems.push({ kind: 'invalid', message: `Patch for ${id.kind} "${id.name}" matches no object of this kustomization.`, location: document.locateDocument() });
  }
  for (const object of targets) {
    const patchNode = context.origins.copy(patch, document);
    // The patch's own identity never renames the object (kustomize sets name and namespace back), also where it names an earlier one.
    if (selector) for (const key of ['apiVersion', 'kind']) patchNode.delete(key);
    const metadata = patchNode.get('metadata', true);
    if (isMap(metadata)) {
      (metadata as MapNode).delete('name');
      (metadata as MapNode).delete('namespace');
    }
    const keep = strategicMerge(object.node, patchNode, { origins: context.origins, document, kind: idOf(object).kind });
    if (!keep) objects.splice(objects.indexOf(object), 1);
  }
}

/** Whether a patch without target names an object: by its identity now, or one it had before a namespace or rename (kustomize's GetById). */
function sameObject(object: BuiltObject, patch: ObjectId): boolean {
  const id = idOf(object);
  if (id.kind !== patch.kind || groupOf(id.apiVersion) !== groupOf(patch.apiVersion)) return false;
  if (id.name === patch.name && (!patch.namespace || patch.namespace === id.namespace)) return true;
  return (object.previousIds ?? []).some((previous) => previous.name === patch.name && (!patch.namespace || effectiveNamespace(patch.kind, patch.namespace) === previous.namespace));
}

export function selectorOf(node: Node | null, document: YamlDocument): Selector | null {
  if (!isMap(node)) return null;
  const get = (key: string) => stringValue(nodeAt(node, [key], document.doc), document.doc) ?? undefined;
  // kustomize matches names and namespaces as whole-string Go regexes; one that does not compile is taken literally.
  const anchored = (value: string | undefined): GoRegExp | undefined => {
    if (value === undefined) return undefined;
    const compiled = goRegExp(`^(?:${value})$`);
    return 'error' in compiled ? { test: (text) => text === value } : compiled;
  };
  return {
    group: get('group'),
    version: get('version'),
    kind: get('kind'),
    name: anchored(get('name')),
    namespace: anchored(get('namespace')),
    labelSelector: get('labelSelector'),
    annotationSelector: get('annotationSelector'),
  };
}

/** Whether a selector's group, version, kind, name and namespace match an object's identity (labels aside). */
export function matchesIdentity(selector: Selector, id: ObjectId): boolean {
  if (selector.group !== undefined && groupOf(id.apiVersion) !== selector.group) return false;
  if (selector.version !== undefined && versionOf(id.apiVersion) !== selector.version) return false;
  if (selector.kind !== undefined && id.kind !== selector.kind) return false;
  if (selector.name && !selector.name.test(id.name)) return false;
  return !selector.namespace || selector.namespace.test(id.namespace);
}

/** Whether a target selects an object; its name and namespace may also be those the object was first written with (kustomize's Select). */
function matches(object: BuiltObject, selector: Selector): boolean {
  const current = idOf(object);
  const original = object.previousIds?.[0];
  const identity = (id: ObjectId) => matchesIdentity(selector, id);
  const mixed = original ? [{ ...current, name: original.name }, { ...current, namespace: original.namespace }, { ...original, apiVersion: current.apiVersion, kind: current.kind }] : [];
  if (!identity(current) && !mixed.some(identity)) return false;
  if (selector.labelSelector && !matchesSelector(nodeAt(object.node, ['metadata', 'labels']), selector.labelSelector)) return false;
  if (selector.annotationSelector && !matchesSelector(nodeAt(object.node, ['metadata', 'annotations']), selector.annotationSelector)) return false;
  return true;
}

/** Kubernetes equality- and set-based selectors: `a=b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`. */
export function matchesSelector(labelsNode: Node | null, selector: string): boolean {
  const labels = new Map<string, string>();
  for (const pair of pairsOf(labelsNode)) {
    const key = keyName(pair);
    if (key !== null) labels.set(key, String((pair.value as { value?: unknown } | null)?.value ?? ''));
  }
  const requirements = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return requirements.every((raw) => {
    const requirement = raw.trim();
    let match = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(requirement);
    if (match) {
      const values = match[3]!.split(',').map((v) => v.trim());
      const has = labels.has(match[1]!) && values.includes(labels.get(match[1]!)!);
      return match[2] === 'in' ? has : !has;
    }
    match = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(requirement);
    if (match) {
      const equal = labels.get(match[1]!) === match[3];
      return match[2] === '!=' ? !equal : equal;
    }
    if (requirement.startsWith('!')) return !labels.has(requirement.slice(1).trim());
    return labels.has(requirement);
  });
}

