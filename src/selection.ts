import path from 'node:path';
import type { Diagnostic } from './diagnostic.js';
import { toPosix } from './discover/discover.js';

/** Appended to a finding in an unchanged file that only the change brought. */
export const CAUSED_BY_CHANGE = ' (caused by changes in other files)';

/** Whether a file (relative to the root) is one of the targets or below one; the root itself selects everything. */
export function inTargets(root: string, targets: string[]): (file: string) => boolean {
  const selected = targets.map((target) => toPosix(path.relative(root, target)));
  if (selected.includes('')) return () => true;
  return (file) => selected.some((target) => file === target || file.startsWith(target + '/'));
}

/**
 * The findings of a change: every finding in a changed file, and each finding in an
 * unchanged file that the version before the change did not have (the other side of
 * a duplicate host, a reference the change broke), marked as caused by the change.
 * Findings are compared by rule, file and message, not by line.
 */
export function findingsOfChange(current: Diagnostic[], before: Diagnostic[], changed: Set<string>): Diagnostic[] {
  const remaining = new Map<string, number>();
  for (const diagnostic of before) remaining.set(keyOf(diagnostic), (remaining.get(keyOf(diagnostic)) ?? 0) + 1);
  const earlierPlaces = new Set(before.map(placeOf));
  const take = (diagnostic: Diagnostic) => {
    const count = remaining.get(keyOf(diagnostic)) ?? 0;
    if (count > 0) remaining.set(keyOf(diagnostic), count - 1);
    return count > 0;
  };
  // Where a finding repeats, the ones at a place the earlier run also had are the old ones.
  const unchanged = current.filter((d) => !changed.has(d.location.file));
  const unmatched = unchanged.filter((d) => !(earlierPlaces.has(placeOf(d)) && take(d)));
  const caused = new Set(unmatched.filter((d) => !take(d)));
  return current
    .filter((d) => changed.has(d.location.file) || caused.has(d))
    .map((d) => (caused.has(d) ? { ...d, message: d.message + CAUSED_BY_CHANGE } : d));
}

function keyOf(diagnostic: Diagnostic): string {
  return JSON.stringify([diagnostic.ruleId, diagnostic.location.file, diagnostic.message]);
}

function placeOf(diagnostic: Diagnostic): string {
  return `${keyOf(diagnostic)}:${diagnostic.location.line}:${diagnostic.location.column}`;
}
