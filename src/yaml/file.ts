import { isMap, isPair, isScalar, isSeq, visit, type Node } from 'yaml';
import { MAX_ALIAS_EXPANSION, type AliasProblem } from './aliases.js';
import type { Location, RelatedLocation } from '../diagnostic.js';
import { parseDocuments, type YamlDocument } from './document.js';
import { keyName, type MapNode, type MapPair } from './nodes.js';
import { SourceText } from './source.js';

/** Something wrong with the text of a file itself, found while parsing. */
export interface ParseProblem {
  kind: 'syntax' | 'duplicate-key' | 'alias-limit';
  message: string;
  location: Location;
  related: RelatedLocation[];
  fix?: string;
}

/** A parsed YAML file: its text, its documents and the problems the parser found. */
export interface YamlFile {
  source: SourceText;
  documents: YamlDocument[];
  problems: ParseProblem[];
}

/** Go/Helm and Jinja markers; `${{ }}` is a GitHub Actions expression, plain text to YAML. */
const TEMPLATE_MARKERS = /(?<!\$)\{\{|\{%|\{#/;

/** Parses a file's text. Never throws: what the parser dislikes becomes a problem. */
export function parseYamlFile(path: string, text: string): YamlFile {
  const source = new SourceText(path, text);
  const documents = parseDocuments(source, text);
  const problems: ParseProblem[] = [];
  for (const document of documents) {
    problems.push(...documentProblems(document));
  }
  return { source, documents, problems };
}

/** Syntax errors, unresolved aliases and duplicate keys of one document (also of an embedded one). */
export function documentProblems(document: YamlDocument): ParseProblem[] {
  const problems: ParseProblem[] = [];
  // The first error only: the ones after it are mostly its echoes, as in yamllint.
  for (const error of document.doc.errors.slice(0, 1)) {
    const [start, end] = document.fileRange(error.pos[0], error.pos[1]);
    problems.push({
      kind: 'syntax',
      message: sentence(error.message),
      location: document.source.location(start, end),
      related: [],
      fix: syntaxHint(error.code, document.source.lineText(document.source.position(start).line)),
    });
  }
  if (document.doc.errors.length === 0) {
    problems.push(...structuralProblems(document));
  }
  return problems;
}

/**
 * A hint for a syntax error, from the error and its line: template markers on the
 * line itself (not anywhere in the file: `${{ }}` in a workflow is plain text), or
 * the `key: value: more` that YAML reads as a nested mapping.
 */
function syntaxHint(code: string, line: string): string | undefined {
  if (TEMPLATE_MARKERS.test(line)) {
    return 'This line looks like a template (Go, Helm or Jinja markers); render it first or exclude the file with an `ignore` glob in .fluxlint.yaml.';
  }
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /:\s+[^'"\s[{][^#]*:(\s|$)/.test(line)) {
    return 'A plain value cannot contain ": " (a colon and a space); put the value in quotes.';
  }
  return undefined;
}

function sentence(message: string): string {
  const first = message.split('\n')[0]!.trim();
  return first.endsWith('.') ? first : `${first}.`;
}

/** The aliases a document cannot be expanded through, and its duplicate keys. */
function structuralProblems(document: YamlDocument): ParseProblem[] {
  const problems: ParseProblem[] = document.aliasProblems.map((problem) => aliasProblem(document, problem));
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      problems.push(...duplicateKeys(document, node as MapNode));
      for (const item of node.items) {
        walk(item.key);
        walk(item.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(document.contents);
  return problems;
}

/** The node that carries an anchor of this name, anywhere in the document. */
function anchorNamed(document: YamlDocument, name: string): Node | null {
  let found: Node | null = null;
  visit(document.doc, (_key, node) => {
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor === name) {
      found = node;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

function aliasProblem(document: YamlDocument, { kind, alias, anchor }: AliasProblem): ParseProblem {
  const name = alias.source;
  const location = document.locate(alias);
  if (kind === 'undefined') {
    const later = anchorNamed(document, name);
    return later
      ? {
          kind: 'syntax',
          message: `Alias *${name} is used before its anchor &${name} is defined.`,
          location,
          related: [{ location: document.locate(later), message: `anchor &${name}` }],
          fix: 'Define the anchor above its first use; YAML resolves aliases in document order.',
        }
      : {
          kind: 'syntax',
          message: `Alias *${name} has no anchor &${name} in this document.`,
          location,
          related: [],
          fix: `Define &${name} on the value it stands for, above this line, in the same document, or write the value here.`,
        };
  }
  const related = anchor ? [{ location: document.locate(anchor), message: `anchor &${name}` }] : [];
  if (kind === 'cycle') {
    return {
      kind: 'syntax',
      message: `Alias *${name} is inside the value of its own anchor &${name}: the value would contain itself, and kustomize cannot build it; the document is not linted.`,
      location,
      related,
      fix: `Refer to &${name} only outside the value it anchors.`,
    };
  }
  return {
    kind: 'alias-limit',
    message: `Alias *${name} makes the document expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes through aliases (an "alias bomb"); kustomize rejects such aliasing and the document is not linted.`,
    location,
    related,
    fix: 'Write the repeated values out, or use fewer nested aliases.',
  };
}

function duplicateKeys(document: YamlDocument, map: MapNode): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const first = new Map<string, MapPair>();
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const pair = item as MapPair;
    const name = keyName(pair);
    if (name === null || name === '<<') continue;
    const earlier = first.get(name);
    if (!earlier) {
      first.set(name, pair);
      continue;
    }
    problems.push({
      kind: 'duplicate-key',
      message: `Duplicate key "${name}": YAML forbids it, and tools disagree on which value wins.`,
      location: document.locate(pair.key as Node),
      related: [{ location: document.locate(earlier.key as Node), message: `"${name}" first defined here` }],
      fix: 'Remove one of the two entries, or merge them into one.',
    });
  }
  return problems;
}
