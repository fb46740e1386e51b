import { isAlias, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';
import type { Location } from '../diagnostic.js';
import { parseDocuments, throughLines, type YamlDocument } from '../yaml/document.js';
import { keyName, resolve, type MapNode, type MapPair } from '../yaml/nodes.js';

/**
 * Where each node of a built object was written. Built objects (after kustomize and
 * substitution) are made of copies of the written nodes; a copy keeps its
 * original's range, and this registry remembers which document that range belongs
 * to, so a finding on a built value points at the line that wrote it.
 */
export class Origins {
  /**
   * The document is kept on the node itself under a key of this registry: built
   * trees have hundreds of thousands of nodes, and a property is much cheaper than a
   * WeakMap entry to write and read.
   */
  private readonly key = Symbol('fluxlint.origin');
  private readonly texts = new WeakMap<Node, TextSource>();
  private readonly unknowns = new WeakMap<Node, string>();
  /** The value a scalar had before substitution changed it. */
  private readonly originals = new WeakMap<Node, string>();
  /** Built nodes whose value came from a Secret without being written there (substituted, composed). */
  private readonly secrets = new WeakSet<Node>();
  /** The texts of Secret values the model has read, for the last check of what is printed. */
  private readonly secretTexts = new Set<string>();

  register(node: Node, document: YamlDocument): void {
    (node as unknown as Record<symbol, YamlDocument>)[this.key] = document;
  }

  documentOf(node: Node): YamlDocument | undefined {
    return (node as unknown as Record<symbol, YamlDocument | undefined>)[this.key];
  }

  /**
   * Records that a built value stands for the text of a whole file (a generator's
   * `files:` entry; for a Secret the node holds it base64-encoded), so parsing it
   * gives documents positioned in that file.
   */
  registerText(node: Node, text: TextSource): void {
    this.texts.set(node, text);
  }

  /** Whether a generator registered the text a value stands for (so base64 data still has positions). */
  hasRegisteredText(node: Node): boolean {
    return this.texts.has(node);
  }

  /** Records a scalar's value before substitution changes it, so positions inside it still map. */
  recordOriginal(node: Scalar, value: string): void {
    if (!this.originals.has(node)) this.originals.set(node, value);
  }

  /**
   * The text a value stands for and its documents with positions, or null when the
   * value is not text. A value that substitution changed keeps its lines, so its
   * positions map line by line to where the original was written.
   */
  textOf(node: Node): TextSource | null {
    const registered = this.texts.get(node);
    const original = this.originals.get(node);
    const value = isScalar(node) && typeof node.value === 'string' ? node.value : null;
    if (registered) {
      if (original === undefined || value === null) return registered;
      return {
        text: value,
        documents: () => {
          const base = registered.documents()[0];
          return base ? parseDocuments(base.source, value, throughLines(value, registered.text, base.mapping)) : [];
        },
      };
    }
    const document = this.documentOf(node);
    if (!document || value === null) return null;
    if (original === undefined) return { text: value, documents: () => document.embedded(node) ?? [] };
    const written = new Scalar(original);
    written.type = (node as Scalar).type;
    written.range = node.range;
    return { text: value, documents: () => document.embedded(written, value) ?? [] };
  }

  /** Marks a value fluxlint cannot know (from a SOPS-encrypted file, an unset variable), with the reason. */
  markUnknown(node: Node, reason: string): void {
    this.unknowns.set(node, reason);
  }

  unknownReason(node: Node): string | undefined {
    return this.unknowns.get(node);
  }

  /**
   * Records that a value came from a Secret although its text was written elsewhere:
   * substituted from a Secret's variable, or composed from a Secret's values.
   */
  markSecret(node: Node): void {
    this.secrets.add(node);
  }

  /** Records the text of a Secret's value (a substituted value, a variable's decoded value), so no output shows it. */
  recordSecretText(text: string): void {
    this.secretTexts.add(text);
  }

  /** Every Secret value the model has read: no output may contain one. */
  secretValues(): ReadonlySet<string> {
    return this.secretTexts;
  }

  /**
   * Whether a value must never be shown: it came from a Secret (marked so), or it was
   * written where `markSecrets` marked the file (a Secret's data, a generator
   * literal, an `ENC[…]` payload). Every message that quotes a value asks this.
   */
  isSecret(node: Node): boolean {
    if (this.secrets.has(node)) return true;
    return this.documentOf(node)?.writtenSecret(node) ?? false;
  }

  /** A written name or value for a message: itself, or `<from a Secret>` when it came from one. */
  shownText(node: Node | null | undefined, text: string): string {
    return node && this.isSecret(node) ? '<from a Secret>' : text;
  }

  /** The location of a built node in the file that wrote it. */
  locate(node: Node | null | undefined): Location | null {
    if (!node) return null;
    const document = this.documentOf(node);
    return document ? document.locate(node) : null;
  }

  /**
   * A deep copy of a written node, registered with its document. Aliases are
   * replaced by copies of their anchored nodes and `<<` merge keys are expanded, so
   * built objects are plain trees.
   */
  copy<T extends Node>(node: T, document: YamlDocument): T {
    return this.copyNode(node, document, document.doc) as T;
  }

  /**
   * A deep copy of a built node: every copied node keeps the document, text and
   * unknown mark of the node it copies, so a merge can change the copy freely.
   */
  clone<T extends Node>(node: T): T {
    const copy = emptyCopy(node);
    if (isMap(node)) {
      for (const pair of (node as MapNode).items) (copy as MapNode).items.push(new Pair(this.clone(pair.key as Node), pair.value == null ? null : this.clone(pair.value as Node)));
    } else if (isSeq(node)) {
      for (const item of node.items) (copy as YAMLSeq<unknown>).items.push(this.clone(item as Node));
    }
    const document = this.documentOf(node);
    if (document) this.register(copy, document);
    const text = this.texts.get(node);
    if (text) this.texts.set(copy, text);
    const unknown = this.unknowns.get(node);
    if (unknown) this.unknowns.set(copy, unknown);
    if (this.secrets.has(node)) this.secrets.add(copy);
    return copy as T;
  }

  private copyNode(node: Node, document: YamlDocument, doc: Document): Node {
    const target = resolve(node, doc) ?? new Scalar(null);
    const copy = emptyCopy(target);
    if (isMap(target)) {
      for (const pair of expandMerges(target as MapNode, doc)) {
        (copy as MapNode).items.push(new Pair(this.copyNode(pair.key as Node, document, doc), pair.value == null ? null : this.copyNode(pair.value as Node, document, doc)));
      }
    } else if (isSeq(target)) {
      for (const item of target.items) (copy as YAMLSeq<unknown>).items.push(this.copyNode(item as Node, document, doc));
    }
    this.register(copy, document);
    return copy;
  }
}

/** A node of the same kind as another, with its range, style and tag but no children. */
function emptyCopy(node: Node): Node {
  let copy: Node;
  if (isMap(node)) copy = new YAMLMap<unknown, unknown>();
  else if (isSeq(node)) copy = new YAMLSeq<unknown>();
  else if (isScalar(node)) {
    const scalar = new Scalar(node.value);
    scalar.type = node.type;
    if (node.tag) scalar.tag = node.tag;
    copy = scalar;
  } else copy = new Scalar(null);
  if (node.range) copy.range = [...node.range] as [number, number, number];
  return copy;
}

/** Text that a value stands for, and its YAML documents with positions in the file that wrote it. */
export interface TextSource {
  text: string;
  documents(): YamlDocument[];
}

/** The pairs of a mapping with `<<: *anchor` merges expanded; keys written in the mapping win. */
function expandMerges(map: MapNode, doc: Document): MapPair[] {
  const own: MapPair[] = [];
  const merged: MapPair[] = [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const pair = item as MapPair;
    if (keyName(pair) !== '<<' || isScalar(pair.key) && (pair.key as Scalar).type === 'QUOTE_DOUBLE') {
      own.push(pair);
      continue;
    }
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const target = isAlias(source) || isMap(source) ? resolve(source, doc) : null;
      if (isMap(target)) merged.push(...expandMerges(target as MapNode, doc));
    }
  }
  const seen = new Set(own.map((p) => keyName(p)));
  const result = [...own];
  for (const pair of merged) {
    const name = keyName(pair);
    if (seen.has(name)) continue;
    seen.add(name);
    result.push(pair);
  }
  return result;
}
