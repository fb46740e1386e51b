import { isMap, isPair, visit, type Node } from 'yaml';
import type { Location, RelatedLocation } from '../diagnostic.js';
import { parseDocuments, type YamlDocument } from './document.js';
import { keyName, type MapPair } from './nodes.js';
import { SourceText } from './source.js';

/** Something wrong with the text of a file itself, found while parsing. */
export interface ParseProblem {
  kind: 'syntax' | 'duplicate-key';
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

const TEMPLATE_MARKERS = /\{\{|\{%|#\{|\{#|\$\{\{/;

/** Parses a file's text. Never throws: what the parser dislikes becomes a problem. */
export function parseYamlFile(path: string, text: string): YamlFile {
  const source = new SourceText(path, text);
  const documents = parseDocuments(source, text);
  const problems: ParseProblem[] = [];
  const looksLikeTemplate = TEMPLATE_MARKERS.test(text);
  for (const document of documents) {
    problems.push(...documentProblems(document, looksLikeTemplate));
  }
  return { source, documents, problems };
}

/** Syntax errors, unresolved aliases and duplicate keys of one document (also of an embedded one). */
export function documentProblems(document: YamlDocument, looksLikeTemplate = false): ParseProblem[] {
  const problems: ParseProblem[] = [];
  // The first error only: the ones after it are mostly its echoes, as in yamllint.
  for (const error of document.doc.errors.slice(0, 1)) {
    const [start, end] = document.fileRange(error.pos[0], error.pos[1]);
    problems.push({
      kind: 'syntax',
      message: sentence(error.message),
      location: document.source.location(start, end),
      related: [],
      fix: looksLikeTemplate
        ? 'This file looks like a template (Go, Helm or Jinja markers); render it first or exclude it with an `ignore` glob in .fluxlint.yaml.'
        : undefined,
    });
  }
  if (document.doc.errors.length === 0) {
    problems.push(...unresolvedAliases(document), ...duplicateKeys(document));
  }
  return problems;
}

function sentence(message: string): string {
  const first = message.split('\n')[0]!.trim();
  return first.endsWith('.') ? first : `${first}.`;
}

function unresolvedAliases(document: YamlDocument): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const anchors = new Set<string>();
  visit(document.doc, {
    Node(_key, node) {
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor) anchors.add(anchor);
    },
    Alias(_key, alias) {
      if (!anchors.has(alias.source)) {
        problems.push({
          kind: 'syntax',
          message: `Alias *${alias.source} is used before its anchor &${alias.source} is defined.`,
          location: document.locate(alias),
          related: [],
          fix: 'Define the anchor above its first use; YAML resolves aliases in document order.',
        });
      }
    },
  });
  return problems;
}

function duplicateKeys(document: YamlDocument): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const check = (node: Node) => {
    if (!isMap(node)) return;
    const first = new Map<string, MapPair>();
    for (const item of node.items) {
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
  };
  visit(document.doc, {
    Map(_key, node) {
      check(node);
    },
  });
  return problems;
}
