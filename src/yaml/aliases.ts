import { isAlias, isMap, isNode, isSeq, type Alias, type Node } from 'yaml';

/**
 * The most nodes that aliases may add to one document when it is expanded. go-yaml
 * (and so kustomize and kubectl) refuses "excessive aliasing" in the same spirit; a
 * real repository stays far below: a hundred `<<: *defaults` of fifty nodes add 5,000.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/** An alias that a document cannot be expanded through. */
export interface AliasProblem {
  kind: 'undefined' | 'cycle' | 'limit';
  alias: Alias;
  /** The anchored node the alias refers to (none for an undefined anchor). */
  anchor: Node | null;
}

/**
 * Checks every alias of a document, in one walk in document order (as YAML resolves
 * them): an alias before its anchor, an alias inside the node it refers to (a cycle:
 * the value would contain itself), and the alias with which expanding the document
 * would pass MAX_ALIAS_EXPANSION nodes. The size of every anchored node is computed
 * once, so a "billion laughs" document is measured, never expanded.
 */
export function aliasProblems(root: Node | null): AliasProblem[] {
  const problems: AliasProblem[] = [];
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let added = 0;
  let limitReported = false;

  /** The number of nodes a node stands for once expanded. */
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const anchor = anchors.get(node.source) ?? null;
      if (!anchor) {
        problems.push({ kind: 'undefined', alias: node, anchor });
        return 1;
      }
      if (open.has(anchor)) {
        problems.push({ kind: 'cycle', alias: node, anchor });
        return 1;
      }
      const expanded = sizes.get(anchor) ?? 1;
      added += expanded;
      if (added > MAX_ALIAS_EXPANSION && !limitReported) {
        limitReported = true;
        problems.push({ kind: 'limit', alias: node, anchor });
      }
      return expanded;
    }
    if (!isNode(node)) return 0;
    if (node.anchor) anchors.set(node.anchor, node);
    open.add(node);
    let total = 1;
    if (isMap(node)) {
      for (const pair of node.items) total += size(pair.key) + size(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) total += size(item);
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };
  size(root);
  return problems;
}
