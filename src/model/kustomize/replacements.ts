import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { YamlDocument } from '../../yaml/document.js';
import { plainScalarValue } from '../../yaml/document.js';
import { asMap, itemsOf, keyName, nodeAt, pairsOf, stringValue, type MapNode } from '../../yaml/nodes.js';
import type { Origins } from '../origins.js';
import type { Repository } from '../repository.js';
import { FieldPathError, lookupPath, matchPath, scalarText, splitFieldPath, type FieldSlot } from './field-path.js';
import { describeObject, idOf, isSelectedBy, type BuiltObject, type IdSelector } from './object.js';
import { matchesSelector } from './patches.js';
import { buildIsComplete, type BuildProblem } from './problems.js';

/**
 * kustomize's `replacements` (api/filters/replacement, kustomize v5.5): each one
 * copies a field of one source object into fields of the target objects, in the
 * order written, after the other built-in transformers of the kustomization. A
 * copied value keeps its origin, so findings on it point at the source field.
 * Where kustomize build fails (no source, a missing target field), the failure is
 * a build problem at the replacement.
 */

export interface ReplacementContext {
  repository: Repository;
  origins: Origins;
  /** The document that lists the replacements: the kustomization, or a ReplacementTransformer config. */
  document: YamlDocument;
  problems: BuildProblem[];
  /** The directory of the kustomization the replacements run in. */
  dir: string;
  /** The repository path of a `path:` entry, or null (then the reason is recorded). */
  resolve(entry: Node): string | null;
}

/** Flux overlay fields that add fields or remove objects before replacements run (its components are in the build already). */
const ADDS_OR_CHANGES = ['patches'];
/** Flux overlay fields that rename objects. */
const RENAMES = ['namePrefix', 'nameSuffix'];

/** One replacement and the document it is written in (the kustomization, or a file a `path:` names). */
interface WrittenReplacement {
  node: MapNode;
  document: YamlDocument;
}

/** The value a replacement copies: the source field, or the part of it a delimiter picks. */
interface ReplacementValue {
  node: Node;
  text: string;
}

/** kustomize's field options (`delimiter`, `index`, `create`). */
interface FieldOptions {
  delimiter: string;
  index: number;
  create: boolean;
}

/** Applies the `replacements` field of a kustomization (or of a ReplacementTransformer config) to the objects. */
export function applyReplacements(holder: MapNode, objects: BuiltObject[], context: ReplacementContext): void {
  // A problem that leaves objects out of the build makes "no source" and "no field" unknowable, not wrong.
  const complete = buildIsComplete(context.problems);
  for (const entry of itemsOf(nodeAt(holder, ['replacements'], context.document.doc), context.document.doc)) {
    for (const replacement of writtenReplacements(entry, context)) apply(replacement, objects, context, complete);
  }
}

/** An entry's replacements: the entry itself, or those of the file its `path` names (a list, or one). */
function writtenReplacements(entry: Node, context: ReplacementContext): WrittenReplacement[] {
  const { document } = context;
  const map = asMap(entry, document.doc);
  if (!map) return [];
  const pathNode = nodeAt(map, ['path'], document.doc);
  if (!pathNode) return [{ node: map, document }];
  if (nodeAt(map, ['source'], document.doc) || nodeAt(map, ['targets'], document.doc)) {
    invalid(context, document, map, 'A replacement entry has both `path` and an inline source or targets; kustomize build fails ("cannot specify both path and inline replacement"): keep one.');
    return [];
  }
  const file = context.resolve(pathNode);
  const written = file ? context.repository.yamlFile(file)?.documents[0] : undefined;
  if (!written || written.hasErrors) return [];
  const contents = written.contents;
  if (isSeq(contents)) return itemsOf(contents, written.doc).flatMap((item) => (isMap(item) ? [{ node: item as MapNode, document: written }] : []));
  if (isMap(contents)) return [{ node: contents as MapNode, document: written }];
  invalid(context, written, contents ?? map, `${file} holds no replacement (a list of them, or one); kustomize build fails on it.`);
  return [];
}

function apply({ node, document }: WrittenReplacement, objects: BuiltObject[], context: ReplacementContext, complete: boolean): void {
  const doc = document.doc;
  const source = asMap(nodeAt(node, ['source'], doc), doc);
  const targets = itemsOf(nodeAt(node, ['targets'], doc), doc);
  if (!source || !nodeAt(node, ['targets'], doc)) {
    invalid(context, document, node, 'A replacement needs a `source` and at least one target under `targets`; kustomize build fails without them.');
    return;
  }
  const value = sourceValue(source, document, objects, context, complete);
  if (!value) return;
  for (const target of targets) {
    const targetMap = asMap(target, doc);
    if (targetMap) applyTarget(targetMap, value, document, objects, context, complete);
  }
}

/** The source object's field, or null when kustomize would fail (recorded) or fluxlint cannot know it. */
function sourceValue(source: MapNode, document: YamlDocument, objects: BuiltObject[], context: ReplacementContext, complete: boolean): ReplacementValue | null {
  const doc = document.doc;
  const selector = idSelector(source, document);
  const matches = objects.filter((object) => isSelectedBy(object, selector));
  if (matches.length !== 1) {
    if (matches.length > 1) {
      invalid(context, document, source, `The replacement source ${describeSelector(selector)} selects ${matches.length} objects (${matches.slice(0, 3).map((o) => describeObject(idOf(o))).join(', ')}${matches.length > 3 ? ', …' : ''}); kustomize build fails ("multiple matches"): name the one to copy from.`, ADDS_OR_CHANGES);
    } else if (complete) {
      // The name (or else the kind) is where a selector usually goes wrong.
      const at = nodeAt(source, ['name'], doc) ?? nodeAt(source, ['kind'], doc) ?? source;
      invalid(context, document, at, `The replacement source ${describeSelector(selector)} selects no object of this build; kustomize build fails ("nothing selected"): check its kind, name and namespace.`, [...ADDS_OR_CHANGES, ...RENAMES, ...(selector.namespace ? ['targetNamespace'] : [])]);
    }
    return null;
  }
  const fieldPath = stringValue(nodeAt(source, ['fieldPath'], doc), doc) || 'metadata.name';
  const found = lookupPath(matches[0]!.node, splitFieldPath(fieldPath));
  if (!found || (isScalar(found) && found.value === null) || ((isMap(found) || isSeq(found)) && found.items.length === 0)) {
    invalid(context, document, nodeAt(source, ['fieldPath'], doc) ?? source, `The replacement source ${describeObject(idOf(matches[0]!))} has no value at ${fieldPath}; kustomize build fails ("fieldPath is missing for replacement source").`, ADDS_OR_CHANGES);
    return null;
  }
  const options = fieldOptions(source, document);
  if (!options.delimiter) return { node: found, text: scalarText(found) };
  if (!isScalar(found)) {
    invalid(context, document, nodeAt(source, ['options'], doc) ?? source, `The replacement source's \`delimiter\` needs a scalar at ${fieldPath}; kustomize build fails on a mapping or list there.`);
    return null;
  }
  const parts = scalarText(found).split(options.delimiter);
  if (options.index < 0 || options.index >= parts.length) {
    invalid(context, document, nodeAt(source, ['options', 'index'], doc) ?? source, `The replacement source's options.index ${options.index} is out of bounds: ${fieldPath} has ${parts.length} part(s) split at "${options.delimiter}"; kustomize build fails.`);
    return null;
  }
  return { node: found, text: parts[options.index]! };
}

function applyTarget(target: MapNode, value: ReplacementValue, document: YamlDocument, objects: BuiltObject[], context: ReplacementContext, complete: boolean): void {
  const doc = document.doc;
  const select = asMap(nodeAt(target, ['select'], doc), doc);
  if (!select) {
    invalid(context, document, target, 'A replacement target needs `select` (the objects to write to); kustomize build fails without it.');
    return;
  }
  const rejects = itemsOf(nodeAt(target, ['reject'], doc), doc).flatMap((r) => (asMap(r, doc) ? [asMap(r, doc)!] : []));
  const fieldPathNodes = itemsOf(nodeAt(target, ['fieldPaths'], doc), doc);
  const fieldPaths = fieldPathNodes.length ? fieldPathNodes : [null];
  const options = fieldOptions(target, document);
  const selector = idSelector(select, document);
  const rejected = rejects.map((reject) => ({ reject, id: isIdSelector(reject, document) ? idSelector(reject, document) : null, metadata: hasMetadataSelector(reject, document) }));
  const selected = objects.filter(
    (object) =>
      isSelectedBy(object, selector) &&
      matchesMetadata(object, select, document) &&
      !rejected.some(({ reject, id, metadata }) => (id !== null && isSelectedBy(object, id)) || (metadata && matchesMetadata(object, reject, document))),
  );
  for (const object of selected) {
    for (const fieldPathNode of fieldPaths) {
      const fieldPath = fieldPathNode ? (stringValue(fieldPathNode, doc) ?? '') : 'metadata.name';
      const at = fieldPathNode ?? select;
      let slots: FieldSlot[];
      try {
        const create = options.create ? { leaf: isMap(value.node) ? ('map' as const) : isSeq(value.node) ? ('seq' as const) : ('scalar' as const), register: (node: Node) => registerAt(node, at, document, context) } : null;
        slots = matchPath({ node: object.node, created: false, set: () => undefined }, splitFieldPath(fieldPath), create);
      } catch (error) {
        if (error instanceof FieldPathError) invalid(context, document, at, `The replacement cannot write ${fieldPath} of ${describeObject(idOf(object))}: ${error.message}; kustomize build fails.`);
        else throw error;
        continue;
      }
      if (!slots.length) {
        if (complete && !object.unknownKeys) {
          invalid(context, document, at, `The replacement target ${describeObject(idOf(object))} has no field ${fieldPath}; kustomize build fails ("unable to find field"): fix the path, or set \`options.create: true\` to add it.`, ADDS_OR_CHANGES);
        }
        continue;
      }
      for (const slot of slots) setFieldValue(slot, value, options, document, at, context);
    }
  }
}

/**
 * Writes the value as kustomize does: into a scalar only the text (with a
 * delimiter, spliced into the scalar's parts), keeping a string a string; a
 * mapping or list is replaced by a copy of the value.
 */
function setFieldValue(slot: FieldSlot, value: ReplacementValue, options: FieldOptions, document: YamlDocument, at: Node, context: ReplacementContext): void {
  const current = slot.node;
  let text = value.text;
  if (options.delimiter) {
    if (!isScalar(current)) {
      invalid(context, document, at, 'A replacement target with `delimiter` needs a scalar field; kustomize build fails on a mapping or list there.');
      return;
    }
    const parts = scalarText(current).split(options.delimiter);
    if (options.index < 0) parts.unshift(text);
    else if (options.index >= parts.length) parts.push(text);
    else parts[options.index] = text;
    text = parts.join(options.delimiter);
  }
  const copy = context.origins.clone(value.node);
  if (isScalar(current) && !slot.created) {
    // Only the text goes into a scalar (a mapping's text is empty); a string stays a string, quoted where plain text would not be one.
    const written = isScalar(copy) ? copy : context.origins.clone(current);
    const plain = plainScalarValue(text);
    const isString = typeof current.value === 'string';
    written.value = isString ? text : plain;
    written.type = !isString ? undefined : typeof plain === 'string' ? current.type : 'QUOTE_DOUBLE';
    slot.set(written);
    return;
  }
  if (isScalar(copy)) {
    // A created field (or a null one) takes the text untagged: kustomize writes it plain.
    copy.value = plainScalarValue(text);
    copy.type = undefined;
  }
  slot.set(copy);
}

/** `group`, `version`, `kind`, `name` and `namespace` of a selector; compared exactly. */
function idSelector(node: MapNode, document: YamlDocument): IdSelector {
  const get = (key: string) => stringValue(nodeAt(node, [key], document.doc), document.doc) || undefined;
  return { group: get('group'), version: get('version'), kind: get('kind'), name: get('name'), namespace: get('namespace') };
}

function isIdSelector(node: MapNode, document: YamlDocument): boolean {
  return Object.values(idSelector(node, document)).some((v) => v !== undefined);
}

function hasMetadataSelector(node: MapNode, document: YamlDocument): boolean {
  return ['labelSelector', 'annotationSelector'].some((key) => stringValue(nodeAt(node, [key], document.doc), document.doc));
}

/** A selector's `labelSelector` and `annotationSelector` (unset ones match all). */
function matchesMetadata(object: BuiltObject, selector: MapNode, document: YamlDocument): boolean {
  const labels = stringValue(nodeAt(selector, ['labelSelector'], document.doc), document.doc);
  const annotations = stringValue(nodeAt(selector, ['annotationSelector'], document.doc), document.doc);
  if (labels && !matchesSelector(nodeAt(object.node, ['metadata', 'labels']), labels)) return false;
  return !annotations || matchesSelector(nodeAt(object.node, ['metadata', 'annotations']), annotations);
}

function fieldOptions(holder: MapNode, document: YamlDocument): FieldOptions {
  const options = asMap(nodeAt(holder, ['options'], document.doc), document.doc);
  const value = (key: string): unknown => {
    const pair = options ? pairsOf(options).find((p) => keyName(p) === key) : undefined;
    return isScalar(pair?.value) ? pair.value.value : undefined;
  };
  const index = value('index');
  return { delimiter: typeof value('delimiter') === 'string' ? (value('delimiter') as string) : '', index: typeof index === 'number' ? index : 0, create: value('create') === true };
}

function describeSelector(selector: IdSelector): string {
  const fields = Object.entries(selector).filter(([, v]) => v !== undefined);
  return fields.length ? `(${fields.map(([k, v]) => `${k}: ${v}`).join(', ')})` : '(any object)';
}

/** A node the path walk creates is placed, for positions, at the fieldPath that asked for it. */
function registerAt(node: Node, at: Node, document: YamlDocument, context: ReplacementContext): void {
  context.origins.register(node, document);
  if (at.range) node.range = [...at.range] as [number, number, number];
}

/** A build failure at a node; `overlay`: the Flux overlay fields that could avert it. */
function invalid(context: ReplacementContext, document: YamlDocument, at: Node, message: string, overlay: string[] = []): void {
  context.problems.push({ kind: 'invalid', message, location: document.locate(at), ...(overlay.length ? { overlay: { dir: context.dir, fields: overlay } } : {}) });
}
