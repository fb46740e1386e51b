import { isScalar, parseAllDocuments, parseDocument, visit, type Document, type Node, type Scalar, type ScalarTag, type Tags } from 'yaml';
import type { Location } from '../diagnostic.js';
import { aliasProblems, type AliasProblem } from './aliases.js';
import { goYamlText } from './go-yaml-text.js';
import { scalarOffsets } from './scalar-offsets.js';
import { lineStartsOf, withLineFeeds, type SourceText } from './source.js';

/**
 * Integers with a leading zero are octal to Kubernetes tools (go-yaml keeps this
 * YAML 1.1 rule: `defaultMode: 0755` is 493), while YAML 1.2's core schema would
 * read decimal 755.
 */
const GO_YAML_OCTAL: ScalarTag = {
  identify: (value) => typeof value === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0[0-7]+$/,
  resolve: (text: string) => parseInt(text, 8),
};

/** Options shared by every parse: quiet (no console output from the library), merge keys and octals as kustomize reads them. */
export const PARSE_OPTIONS = {
  prettyErrors: false,
  logLevel: 'silent',
  merge: true,
  uniqueKeys: false,
  keepSourceTokens: true,
  customTags: (tags: Tags) => [GO_YAML_OCTAL, ...tags],
} as const;

/**
 * The value of a text written as a plain scalar, typed as kustomize and Flux type
 * it when they write text back without quotes (`8080` a number, `true` a boolean);
 * a text that would not be one scalar stays text.
 */
export function plainScalarValue(text: string): unknown {
  const document = parseDocument(text, PARSE_OPTIONS);
  return document.errors.length === 0 && isScalar(document.contents) ? document.contents.value : text;
}

/**
 * Maps offsets in the text a document was parsed from to offsets in the real file:
 * `start` for where a character was written, `end` for an exclusive end (after the
 * whole escape sequence that wrote the last character, say).
 */
export interface OffsetMapping {
  start(localOffset: number): number;
  end(localEnd: number): number;
}

const identity: OffsetMapping = { start: (offset) => offset, end: (offset) => offset };

/**
 * One YAML document with the means to locate its nodes in the real file, also when
 * the document itself was embedded in a string of another document.
 */
export class YamlDocument {
  private js: { value: unknown } | undefined;
  private aliasChecks: AliasProblem[] | undefined;

  constructor(
    /** The real file the document was written in. */
    readonly source: SourceText,
    /** The text the document was parsed from: the file, or an embedded string's value. */
    readonly text: string,
    readonly doc: Document.Parsed,
    /** 0-based index of the document in its file or embedded string. */
    readonly index: number,
    readonly mapping: OffsetMapping = identity,
    /** Set for a document parsed out of a string scalar of another document. */
    readonly embeddedIn?: { document: YamlDocument; node: Scalar },
  ) {}

  /** The text of this document alone: a test on it costs the document's size, not the file's. */
  get ownText(): string {
    const range = this.doc.range;
    return range ? this.text.slice(range[0], range[2]) : this.text;
  }

  get contents(): Node | null {
    return this.doc.contents;
  }

  /**
   * True when the parser reported errors, or an alias cannot be expanded (before its
   * anchor, inside it, or past the expansion limit); such a document is not indexed,
   * so nothing downstream ever expands it.
   */
  get hasErrors(): boolean {
    return this.doc.errors.length > 0 || this.aliasProblems.length > 0;
  }

  /** The aliases this document cannot be expanded through, checked once. */
  get aliasProblems(): readonly AliasProblem[] {
    this.aliasChecks ??= aliasProblems(this.doc.contents);
    return this.aliasChecks;
  }

  /** The file offsets of a local range. The end maps through its last character so skipped text is not included. */
  fileRange(start: number, end: number): [number, number] {
    const fileStart = this.mapping.start(start);
    const fileEnd = end > start ? this.mapping.end(end) : fileStart;
    return [fileStart, Math.max(fileStart, fileEnd)];
  }

  /** The location of a node (its value, without trailing comments) in the real file. */
  locate(node: Node | { range?: readonly number[] | null } | null | undefined): Location {
    const range = node?.range;
    if (!range || range.length < 2) return this.locateDocument();
    const [start, end] = this.fileRange(range[0]!, range[1]!);
    return this.source.location(start, end);
  }

  /** Whether a node's written text touches secret characters of its file (see `markSecrets`). */
  writtenSecret(node: { range?: readonly number[] | null }): boolean {
    const range = node.range;
    if (!range || range.length < 2) return false;
    const [start, end] = this.fileRange(range[0]!, range[1]!);
    return this.source.touchesSecret(start, end);
  }

  /** The location of a whole document: its first line. */
  locateDocument(): Location {
    const range = this.doc.range ?? [0, 0];
    const start = this.mapping.start(firstContentOffset(this.text, range[0]));
    return this.source.location(start, start);
  }

  /** The plain JavaScript value, computed once; undefined where the document cannot be converted (see aliasProblems). */
  toJS(): unknown {
    if (!this.js) {
      let value: unknown;
      try {
        // The alias checks bound the expansion; the library's own count (maxAliasCount) is stricter than go-yaml.
        value = this.aliasProblems.length > 0 ? undefined : this.doc.toJS({ maxAliasCount: -1 });
      } catch {
        value = undefined;
      }
      this.js = { value };
    }
    return this.js.value;
  }

  /**
   * Parses the value of a string scalar of this document as YAML (JSON is YAML too),
   * with every position mapped back to the real file. Returns null when the node is
   * not a string.
   */
  embedded(node: Node, text?: string): YamlDocument[] | null {
    if (!isScalar(node) || typeof node.value !== 'string') return null;
    const mapping = this.valueMapping(node);
    if (text === undefined || text === node.value) return parseDocuments(this.source, node.value, mapping, { document: this, node });
    // A text derived from the value line by line (Flux substitution keeps lines): map through the lines.
    return parseDocuments(this.source, text, throughLines(text, node.value, mapping), { document: this, node });
  }

  /** Where each character of a string scalar's value was written, in the real file. */
  private valueMapping(node: Scalar): OffsetMapping {
    const offsets = scalarOffsets(this.text, node);
    const outer = this.mapping;
    let mapping: OffsetMapping;
    if (offsets) {
      const { starts, ends } = offsets;
      const clamp = (offset: number, length: number) => Math.max(0, Math.min(offset, length - 1));
      mapping = {
        start: (offset) => outer.start(starts[clamp(offset, starts.length)]!),
        end: (offset) => outer.end(offset <= 0 ? starts[0]! : ends[clamp(offset - 1, ends.length)]!),
      };
    } else {
      // The alignment failed: everything inside is placed on the whole string.
      const [nodeStart, nodeEnd] = [node.range?.[0] ?? 0, node.range?.[1] ?? 0];
      mapping = { start: () => outer.start(nodeStart), end: () => outer.end(nodeEnd) };
    }
    return mapping;
  }
}

/**
 * A mapping for a text that has the same lines as another (a substituted value):
 * line k maps to line k of the other, the column clamped to that line's length.
 */
export function throughLines(text: string, other: string, mapping: OffsetMapping): OffsetMapping {
  const starts = lineStartsOf(text);
  const otherStarts = lineStartsOf(other);
  const toOther = (offset: number) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    const lineStart = otherStarts[Math.min(line, otherStarts.length - 1)]!;
    const lineEnd = line + 1 < otherStarts.length ? otherStarts[line + 1]! - 1 : other.length;
    return Math.min(lineStart + (offset - starts[line]!), Math.max(lineStart, lineEnd));
  };
  return { start: (offset) => mapping.start(toOther(offset)), end: (offset) => mapping.end(Math.max(1, toOther(offset))) };
}

/** Skips the leading blank lines and comments of a document so its location is its first real line. */
function firstContentOffset(text: string, from: number): number {
  const re = /[ \t]*(#[^\n]*)?\r?\n|[ \t]*(---|\.\.\.)[^\n]*\n/y;
  let p = from;
  re.lastIndex = p;
  while (re.exec(text) && re.lastIndex > p) {
    p = re.lastIndex;
  }
  while (text[p] === ' ' || text[p] === '\t') p++;
  return Math.min(p, text.length);
}

/** Parses every document of a text. */
export function parseDocuments(
  source: SourceText,
  text: string,
  mapping: OffsetMapping = identity,
  embeddedIn?: { document: YamlDocument; node: Scalar },
): YamlDocument[] {
  let parsed = withLineFeeds(text);
  let through = mapping;
  const goYaml = goYamlText(parsed);
  if (goYaml) {
    parsed = goYaml.text;
    through = { start: (offset) => mapping.start(goYaml.mapping.start(offset)), end: (offset) => mapping.end(goYaml.mapping.end(offset)) };
  }
  const docs = parseAllDocuments(parsed, PARSE_OPTIONS);
  // parseAllDocuments returns an empty list-like object for empty input.
  const list = Array.isArray(docs) ? docs : [];
  const last = list.at(-1);
  if (last) unbreakFinalBlockScalar(parsed, last);
  return list.map((doc, index) => new YamlDocument(source, parsed, doc, index, through, embeddedIn));
}

/**
 * A block scalar whose last line ends the text, with no line break after it: go-yaml
 * (and so kustomize) ends its value there, whatever its chomping indicator, where the
 * `yaml` package adds the line break the text does not have.
 */
function unbreakFinalBlockScalar(text: string, doc: Document.Parsed): void {
  const lastLine = text.slice(text.lastIndexOf('\n') + 1);
  if (!lastLine.trim()) return;
  visit(doc, {
    Scalar(_key, node) {
      const blockStyle = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
      if (blockStyle && node.range?.[1] === text.length && typeof node.value === 'string' && node.value.endsWith('\n')) node.value = node.value.slice(0, -1);
    },
  });
}
