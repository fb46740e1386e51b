import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isUnreadable, type FileTree } from './tree.js';

/** A file found but not linted, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface Discovery {
  /** The YAML files to lint, relative to the root, sorted. */
  files: string[];
  skipped: SkippedFile[];
}

const YAML_NAME = /\.ya?ml$/;

/** Forward slashes, whatever the platform. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Finds every YAML file of the tree. Honours every `.gitignore` below the root and
 * the configuration's `ignore` globs. A symbolic link counts only when it leads to a
 * file inside the repository; what cannot be read (a directory without permission,
 * a FIFO named like a YAML file) is skipped with its reason, and the rest is found.
 */
export async function discover(tree: FileTree, ignoreGlobs: string[]): Promise<Discovery> {
  const configured = ignore().add(ignoreGlobs);
  const files: string[] = [];
  const skipped: SkippedFile[] = [];

  const walk = (dir: string, gitignores: ScopedIgnore[]) => {
    const entries = tree.list(dir);
    if (isUnreadable(entries)) {
      skipped.push({ path: dir || '.', reason: entries.reason });
      return;
    }
    // Shallow before deep, so deeper files are applied later and can override.
    const scoped = entries.some((e) => e.name === '.gitignore') ? [...gitignores, gitignoreOf(tree, dir)] : gitignores;
    for (const entry of entries) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.kind === 'directory') {
        if (!isIgnored(`${relative}/`, scoped, configured)) walk(relative, scoped);
        continue;
      }
      if (!YAML_NAME.test(entry.name) || isIgnored(relative, scoped, configured)) continue;
      const kind = entry.kind === 'symlink' ? tree.stat(relative) : entry.kind;
      if (kind === 'file') files.push(relative);
      // A link to a directory is not descended into: its files are found at their own paths.
      else if (isUnreadable(kind)) skipped.push({ path: relative, reason: kind.reason });
      else if (kind === 'other') skipped.push({ path: relative, reason: 'it is not a regular file' });
    }
  };
  walk('', []);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, skipped };
}

interface ScopedIgnore {
  /** Directory of the .gitignore, relative to the root, '' for the root itself. */
  dir: string;
  rules: Ignore;
}

function gitignoreOf(tree: FileTree, dir: string): ScopedIgnore {
  const bytes = tree.read(dir ? `${dir}/.gitignore` : '.gitignore');
  return { dir, rules: ignore().add(isUnreadable(bytes) ? '' : bytes.toString('utf8')) };
}

/**
 * Whether a path (a directory ends with `/`) is excluded. `.gitignore` files apply
 * from the root down, and a deeper file's `!pattern` can re-include what a higher one
 * ignored, as in git. The configuration's `ignore` patterns have the last word.
 */
function isIgnored(relative: string, gitignores: ScopedIgnore[], configured: Ignore): boolean {
  if (configured.ignores(relative)) return true;
  let ignored = false;
  for (const { dir, rules } of gitignores) {
    if (dir !== '' && !relative.startsWith(dir + '/')) continue;
    const verdict = rules.test(dir === '' ? relative : relative.slice(dir.length + 1));
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}
