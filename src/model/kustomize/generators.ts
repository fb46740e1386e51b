import path from 'node:path';
import { isMap, Pair, Scalar, YAMLMap, type Node } from 'yaml';
import { scalarOffsets } from '../../yaml/scalar-offsets.js';
import { parseDocuments, type YamlDocument } from '../../yaml/document.js';
import { SourceText } from '../../yaml/source.js';
import { itemsOf, keyName, nodeAt, pairsOf, stringValue, type MapNode } from '../../yaml/nodes.js';
import type { Repository } from '../repository.js';
import { isSopsEncryptedText } from '../sops.js';
import type { Origins } from '../origins.js';
import { nameSuffixHash } from './hash.js';
import type { BuiltObject } from './object.js';
import { idOf } from './object.js';
import { isRemote, type BuildProblem } from './problems.js';
import type { Rename } from './references.js';

export interface GeneratorContext {
  repository: Repository;
  origins: Origins;
  /** Directory of the kustomization, relative to the root ('' for the root). */
  dir: string;
  document: YamlDocument;
  problems: BuildProblem[];
  /** Where the build records the source files it reads. */
  inputs: Set<string>;
}

/** One data entry of a generated object: its key and its value node (with origin). */
interface Entry {
  key: string;
  value: Node;
  /** A ConfigMap value that is not UTF-8: base64 under `binaryData`, as kustomize puts it. */
  binary?: boolean;
}

/** What a generator's sources give: its entries, and the remote files whose entries are not known. */
interface Entries {
  entries: Entry[];
  remote: string[];
}

const DATA_FIELDS = ['data', 'binaryData'] as const;
const fieldOf = (entry: Entry) => (entry.binary ? 'binaryData' : 'data');

/**
 * Runs `configMapGenerator` and `secretGenerator`: new objects are appended, and
 * `behavior: merge` or `replace` changes an object already accumulated.
 */
export function runGenerators(kustomization: MapNode, objects: BuiltObject[], context: GeneratorContext): BuiltObject[] {
  const doc = context.document.doc;
  const options = nodeAt(kustomization, ['generatorOptions'], doc);
  const result = [...objects];
  for (const kind of ['ConfigMap', 'Secret'] as const) {
    const field = kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator';
    for (const generator of itemsOf(nodeAt(kustomization, [field], doc), doc)) {
      if (!isMap(generator)) continue;
      generate(kind, generator as MapNode, options, result, context);
    }
  }
  return result;
}

function generate(kind: 'ConfigMap' | 'Secret', generator: MapNode, globalOptions: Node | null, objects: BuiltObject[], context: GeneratorContext): void {
  const doc = context.document.doc;
  const nameNode = nodeAt(generator, ['name'], doc);
  const name = stringValue(nameNode, doc);
  if (!name || !nameNode) return;
  const namespace = stringValue(nodeAt(generator, ['namespace'], doc), doc);
  const behavior = stringValue(nodeAt(generator, ['behavior'], doc), doc) ?? 'create';
  const type = kind === 'Secret' ? (stringValue(nodeAt(generator, ['type'], doc), doc) ?? 'Opaque') : undefined;
  const { entries, remote } = collectEntries(kind, generator, context);
  const unknownKeys = remote.length ? `its entries from ${remote.map((r) => `"${r}"`).join(', ')} are not fetched` : undefined;

  const optionOf = (key: string) => nodeAt(generator, ['options', key], doc) ?? nodeAt(globalOptions, [key], doc);
  const disableHash = (optionOf('disableNameSuffixHash') as Scalar | null)?.value === true;

  if (behavior === 'merge' || behavior === 'replace') {
    const existing = objects.find((o) => {
      const id = idOf(o);
      return id.kind === kind && id.name === name && (!namespace || id.namespace === namespace);
    });
    if (!existing) {
      context.problems.push({
        kind: 'invalid',
        message: `${kind} generator "${name}" has behavior ${behavior}, but no ${kind} "${name}" exists to ${behavior}.`,
        location: context.document.locate(nameNode),
      });
      return;
    }
    if (behavior === 'replace') for (const field of DATA_FIELDS) (existing.node.get(field, true) as MapNode | undefined)?.items?.splice(0);
    for (const entry of entries) setEntry(dataMap(existing.node, fieldOf(entry), context), entry);
    if (unknownKeys) existing.unknownKeys = unknownKeys;
    return;
  }

  const object = new YAMLMap<unknown, unknown>();
  const at = (value: unknown) => placed(new Scalar(value), nameNode, context);
  object.items.push(new Pair(at('apiVersion'), at('v1')), new Pair(at('kind'), at(kind)));
  const metadata = new YAMLMap<unknown, unknown>();
  const generatedName = context.origins.copy(nameNode, context.document) as Scalar;
  metadata.items.push(new Pair(at('name'), generatedName));
  if (namespace) metadata.items.push(new Pair(at('namespace'), context.origins.copy(nodeAt(generator, ['namespace'], doc)!, context.document)));
  for (const field of ['labels', 'annotations']) {
    const merged = mergedMaps([nodeAt(globalOptions, [field], doc), nodeAt(generator, ['options', field], doc)], context);
    if (merged) metadata.items.push(new Pair(at(field), merged));
  }
  object.items.push(new Pair(at('metadata'), metadata));
  if (type) object.items.push(new Pair(at('type'), at(type)));
  for (const field of DATA_FIELDS) {
    const own = entries.filter((entry) => fieldOf(entry) === field);
    if (!own.length) continue;
    const data = new YAMLMap<unknown, unknown>();
    for (const entry of own) setEntry(data, entry);
    object.items.push(new Pair(at(field), data));
  }
  const immutable = optionOf('immutable');
  if ((immutable as Scalar | null)?.value === true) object.items.push(new Pair(at('immutable'), at(true)));
  context.origins.register(object, context.document);
  objects.push({ node: object as MapNode, document: context.document, anchor: nameNode, hashed: !disableHash, ...(unknownKeys ? { unknownKeys } : {}) });
}

/** After all transformers ran, the hash suffix goes on the final content (kustomize does the same). */
export function applyNameHash(object: BuiltObject): Rename | null {
  const id = idOf(object);
  if (id.kind !== 'ConfigMap' && id.kind !== 'Secret') return null;
  const [data, binaryData] = DATA_FIELDS.map((field) => {
    const node = object.node.get(field, true);
    const record: Record<string, string> | null = isMap(node) ? {} : null;
    for (const pair of pairsOf(node)) record![keyName(pair) ?? ''] = String((pair.value as Scalar | null)?.value ?? '');
    return record;
  });
  const type = id.kind === 'Secret' ? (stringValue(object.node.get('type', true)) ?? '') : undefined;
  const nameNode = (object.node.get('metadata', true) as unknown as MapNode).get('name', true) as Scalar;
  nameNode.value = `${id.name}-${nameSuffixHash(id.kind, data!, type, binaryData)}`;
  return { kind: id.kind, namespace: id.namespace, from: id.name, to: nameNode.value as string };
}

function dataMap(object: MapNode, field: (typeof DATA_FIELDS)[number], context: GeneratorContext): MapNode {
  let data = object.get(field, true) as Node | undefined;
  if (!isMap(data)) {
    data = new YAMLMap<unknown, unknown>();
    context.origins.register(data, context.document);
    object.set(field, data);
  }
  return data as MapNode;
}

function setEntry(data: MapNode, entry: Entry): void {
  const existing = data.items.find((p) => keyName(p) === entry.key);
  if (existing) existing.value = entry.value;
  else data.items.push(new Pair(new Scalar(entry.key), entry.value));
  data.items.sort((a, b) => ((keyName(a) ?? '') < (keyName(b) ?? '') ? -1 : 1));
}

/** A node placed at another node's position (generated fields point at the generator). */
function placed(node: Scalar, at: Node, context: GeneratorContext): Scalar {
  if (at.range) node.range = [...at.range] as [number, number, number];
  context.origins.register(node, context.document);
  return node;
}

function mergedMaps(sources: (Node | null)[], context: GeneratorContext): MapNode | null {
  const present = sources.filter((s): s is Node => isMap(s));
  if (!present.length) return null;
  const merged = new YAMLMap<unknown, unknown>();
  for (const source of present) {
    for (const pair of pairsOf(source)) {
      const key = keyName(pair);
      if (key === null) continue;
      merged.set(context.origins.copy(pair.key as Node, context.document), context.origins.copy(pair.value as Node, context.document));
    }
  }
  context.origins.register(merged, context.document);
  return merged as MapNode;
}

function collectEntries(kind: 'ConfigMap' | 'Secret', generator: MapNode, context: GeneratorContext): Entries {
  const doc = context.document.doc;
  const entries: Entry[] = [];
  const remote: string[] = [];
  /** The file an entry names, or null: a remote one is recorded (kustomize fetches it, fluxlint does not). */
  const read = (node: Node, relative: string) => {
    if (!isRemote(relative)) return fileOf(node, context, relative);
    remote.push(relative);
    context.problems.push({
      kind: 'remote',
      message: `Remote generator file "${relative}" is not fetched; fluxlint works offline, so the entries it gives ${kind} "${stringValue(nodeAt(generator, ['name'], doc), doc) ?? ''}" are not known.`,
      location: context.document.locate(node),
    });
    return null;
  };
  for (const literal of itemsOf(nodeAt(generator, ['literals'], doc), doc)) {
    const entry = literalEntry(literal, context);
    if (entry) entries.push(encode(kind, entry, context));
  }
  const envNodes = [...itemsOf(nodeAt(generator, ['envs'], doc), doc), ...[nodeAt(generator, ['env'], doc)].filter((n): n is Node => stringValue(n, doc) !== null)];
  for (const env of envNodes) {
    const file = read(env, stringValue(env, doc) ?? '');
    if (file && 'bytes' in file) {
      context.problems.push({ kind: 'invalid', message: `Env file "${stringValue(env, doc)}" is not UTF-8 text; kustomize build fails on it.`, location: context.document.locate(env) });
    } else if (file) entries.push(...envEntries(file, context).map((e) => encode(kind, e, context)));
  }
  for (const item of itemsOf(nodeAt(generator, ['files'], doc), doc)) {
    const spec = stringValue(item, doc);
    if (!spec) continue;
    const eq = spec.indexOf('=');
    const key = eq >= 0 ? spec.slice(0, eq) : path.posix.basename(spec);
    const file = read(item, eq >= 0 ? spec.slice(eq + 1) : spec);
    if (!file) continue;
    if ('bytes' in file) {
      entries.push(binaryEntry(kind, key, file.bytes, item, context));
      continue;
    }
    const value = new Scalar(file.text);
    value.range = [0, file.text.length, file.text.length];
    context.origins.register(value, file.locator);
    context.origins.registerText(value, { text: file.text, documents: () => file.documents });
    if (file.encrypted) context.origins.markUnknown(value, `${file.path} is SOPS-encrypted`);
    entries.push(encode(kind, { key, value }, context));
  }
  return { entries, remote };
}

/**
 * A file that is not UTF-8 (an image): base64, under `binaryData` of a ConfigMap or
 * `data` of a Secret, as kustomize writes it. Its value is placed on the `files` entry.
 */
function binaryEntry(kind: 'ConfigMap' | 'Secret', key: string, bytes: Buffer, item: Node, context: GeneratorContext): Entry {
  const value = new Scalar(wrapBase64(bytes.toString('base64')));
  if (item.range) value.range = [...item.range] as [number, number, number];
  context.origins.register(value, context.document);
  return { key, value, binary: kind === 'ConfigMap' };
}

/** Secret data is base64; the node keeps its origin and the text it stands for. */
function encode(kind: 'ConfigMap' | 'Secret', entry: Entry, context: GeneratorContext): Entry {
  if (kind === 'ConfigMap') return entry;
  const plain = entry.value as Scalar;
  const text = context.origins.textOf(plain);
  const encoded = new Scalar(wrapBase64(Buffer.from(String(plain.value ?? ''), 'utf8').toString('base64')));
  if (plain.range) encoded.range = [...plain.range] as [number, number, number];
  const document = context.origins.documentOf(plain);
  if (document) context.origins.register(encoded, document);
  if (text) context.origins.registerText(encoded, text);
  const unknown = context.origins.unknownReason(plain);
  if (unknown) context.origins.markUnknown(encoded, unknown);
  return { key: entry.key, value: encoded };
}

/** kustomize writes base64 in lines of 70 characters, with a final line break when it wraps. */
function wrapBase64(base64: string): string {
  if (base64.length <= 70) return base64;
  return `${base64.match(/.{1,70}/g)!.join('\n')}\n`;
}

/** `KEY=VALUE`: the value, positioned on the characters after `=` (kustomize strips one pair of quotes). */
function literalEntry(literal: Node, context: GeneratorContext): Entry | null {
  const text = stringValue(literal, context.document.doc);
  if (text === null || !isScalarWithRange(literal)) return null;
  const eq = text.indexOf('=');
  if (eq <= 0) return null;
  let from = eq + 1;
  let to = text.length;
  const raw = text.slice(from);
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.at(-1) === raw[0]) {
    from++;
    to--;
  }
  const value = new Scalar(text.slice(from, to));
  const offsets = scalarOffsets(context.document.text, literal);
  const start = offsets ? offsets.starts[from]! : literal.range![0];
  const end = offsets ? (to > from ? offsets.ends[to - 1]! : start) : literal.range![1];
  value.range = [start, end, end];
  value.type = 'PLAIN';
  context.origins.register(value, context.document);
  return { key: text.slice(0, eq), value };
}

function isScalarWithRange(node: Node): node is Scalar {
  return node instanceof Scalar && Boolean(node.range);
}

/** A generator file that is not UTF-8 text: its bytes. */
interface BinaryFile {
  path: string;
  bytes: Buffer;
}

interface GeneratorFile {
  path: string;
  text: string;
  /** A document over the file, to locate positions in it. */
  locator: YamlDocument;
  documents: YamlDocument[];
  encrypted: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a generator source file; a missing one is a problem of the build. */
function fileOf(node: Node, context: GeneratorContext, relative: string): GeneratorFile | BinaryFile | null {
  const target = path.posix.normalize(path.posix.join(context.dir, relative));
  let text = target.startsWith('../') ? null : context.repository.readText(target);
  if (text === null && !target.startsWith('../') && context.repository.kindOfPath(target) === 'file') {
    // Not text to the linter (binary, or not UTF-8): kustomize decides by UTF-8 validity alone.
    const bytes = context.repository.readBytes(target);
    if (bytes) {
      try {
        text = utf8.decode(bytes);
      } catch {
        return { path: target, bytes };
      }
    }
  }
  if (text === null) {
    context.problems.push({
      kind: target.startsWith('../') ? 'outside-root' : 'missing',
      message: target.startsWith('../') ? `Generator file "${relative}" is outside the repository.` : `Generator file "${relative}" does not exist.`,
      location: context.document.locate(node),
    });
    return null;
  }
  context.inputs.add(target);
  const yaml = /\.ya?ml$/i.test(target) ? context.repository.yamlFile(target) : null;
  const documents = yaml ? yaml.documents : parseDocuments(new SourceText(target, text), text);
  const locator = documents[0] ?? parseDocuments(new SourceText(target, text), ' ')[0]!;
  return { path: target, text, locator, documents, encrypted: isSopsEncryptedText(text) };
}

/** The `KEY=VALUE` lines of an env file, each value positioned in that file. */
function envEntries(file: GeneratorFile, context: GeneratorContext): Entry[] {
  const entries: Entry[] = [];
  const re = /^[ \t]*([^#\s=][^=\r\n]*?)[ \t]*=(.*?)\r?$/gm;
  for (let match = re.exec(file.text); match; match = re.exec(file.text)) {
    const key = match[1]!;
    if (key.startsWith('sops_')) continue;
    const start = match.index + match[0].indexOf('=') + 1;
    const value = new Scalar(match[2]!);
    value.range = [start, start + match[2]!.length, start + match[2]!.length];
    value.type = 'PLAIN';
    context.origins.register(value, file.locator);
    if (file.encrypted) context.origins.markUnknown(value, `${file.path} is SOPS-encrypted`);
    entries.push({ key, value });
  }
  return entries;
}

