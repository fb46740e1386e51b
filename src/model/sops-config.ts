import path from 'node:path';
import type { Node } from 'yaml';
import type { YamlDocument } from '../yaml/document.js';
import type { YamlFile } from '../yaml/file.js';
import { itemsOf, nodeAt, pairOf, stringValue } from '../yaml/nodes.js';
import { goRegExp, type GoRegExp } from './go-regex.js';

/** One `creation_rules` entry of a `.sops.yaml`. */
export interface CreationRule {
  /** The `path_regex` as written, null when the rule has none (it then matches every file). */
  pathRegex: string | null;
  /** The compiled expression; null when there is none or it does not compile. */
  matcher: GoRegExp | null;
  /** Why the `path_regex` does not compile (Go's message); null when it does. */
  regexError: string | null;
  node: Node;
  document: YamlDocument;
}

/** A `.sops.yaml` and the directory (relative to the root, '' for the root) its paths are relative to. */
export interface SopsConfig {
  file: string;
  dir: string;
  rules: CreationRule[];
}

export function loadSopsConfigs(files: YamlFile[]): SopsConfig[] {
  const configs: SopsConfig[] = [];
  for (const file of files) {
    if (path.posix.basename(file.source.path) !== '.sops.yaml') continue;
    const document = file.documents[0];
    if (!document || document.hasErrors) continue;
    const rules: CreationRule[] = itemsOf(nodeAt(document.contents, ['creation_rules'], document.doc), document.doc).map((node) => {
      const regexPair = pairOf(node, 'path_regex', document.doc);
      const pathRegex = regexPair ? stringValue(regexPair.value, document.doc) : null;
      const compiled = pathRegex === null ? null : goRegExp(pathRegex);
      const regexError = compiled && 'error' in compiled ? compiled.error : null;
      return { pathRegex, matcher: compiled && !('error' in compiled) ? compiled : null, regexError, node: (regexPair?.value as Node) ?? node, document };
    });
    const dir = path.posix.dirname(file.source.path);
    configs.push({ file: file.source.path, dir: dir === '.' ? '' : dir, rules });
  }
  return configs;
}

/**
 * The creation rule SOPS would pick for a file: from the nearest `.sops.yaml` in the
 * file's directory or above, the first rule whose `path_regex` matches the path
 * relative to that config's directory. A rule without `path_regex` matches anything.
 */
export function creationRuleFor(configs: SopsConfig[], file: string): { config: SopsConfig; rule: CreationRule } | null {
  let best: SopsConfig | null = null;
  for (const config of configs) {
    const inside = config.dir === '' || file.startsWith(config.dir + '/');
    if (inside && (!best || config.dir.length > best.dir.length)) best = config;
  }
  if (!best) return null;
  const relative = best.dir === '' ? file : file.slice(best.dir.length + 1);
  for (const rule of best.rules) {
    if (rule.pathRegex === null) return { config: best, rule };
    if (rule.matcher?.test(relative)) return { config: best, rule };
  }
  return null;
}
