import { promises as fs, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';

/** A file found for linting: its path relative to the repository root (with `/`) and on disk. */
export interface FoundFile {
  path: string;
  absolute: string;
}

/** A file that was found but will not be linted, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface Discovery {
  files: FoundFile[];
  skipped: SkippedFile[];
}

export const YAML_PATTERNS = ['**/*.yaml', '**/*.yml'];
const ALWAYS_IGNORED = ['**/.git/**', '**/node_modules/**'];

/** Forward slashes, whatever the platform. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Finds the YAML files under `targets` (files or directories, relative to `root` or
 * absolute). Honours every `.gitignore` below the root and the configuration's
 * `ignore` globs; never leaves the repository through a symbolic link.
 */
export async function discover(root: string, targets: string[], ignoreGlobs: string[]): Promise<Discovery> {
  const rootReal = realpathSync(root);
  const gitignore = await loadGitignores(root);
  const configured = ignore().add(ignoreGlobs);
  const found = new Map<string, FoundFile>();
  const skipped: SkippedFile[] = [];

  const consider = (absolute: string) => {
    const relative = toPosix(path.relative(root, absolute));
    if (relative.startsWith('../') || found.has(relative)) return;
    if (isIgnored(relative, gitignore, configured)) return;
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      skipped.push({ path: relative, reason: 'it is a broken symbolic link' });
      return;
    }
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
      skipped.push({ path: relative, reason: 'it is a symbolic link that leads out of the repository' });
      return;
    }
    if (!statSync(real).isFile()) return;
    found.set(relative, { path: relative, absolute });
  };

  for (const target of targets) {
    const absolute = path.resolve(root, target);
    const stat = await fs.stat(absolute).catch(() => null);
    if (stat?.isDirectory()) {
      // Symbolic links are listed, not followed, so that each can be checked against the root.
      const entries = await fg(YAML_PATTERNS, {
        cwd: absolute,
        dot: true,
        absolute: true,
        onlyFiles: false,
        objectMode: true,
        followSymbolicLinks: false,
        ignore: ALWAYS_IGNORED,
      });
      entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const entry of entries) {
        if (entry.dirent.isFile() || entry.dirent.isSymbolicLink()) consider(path.normalize(entry.path));
      }
    } else if (stat?.isFile() && /\.ya?ml$/i.test(absolute)) {
      consider(absolute);
    }
  }
  const files = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}

interface ScopedIgnore {
  /** Directory of the .gitignore, relative to the root, '' for the root itself. */
  dir: string;
  rules: Ignore;
}

async function loadGitignores(root: string): Promise<ScopedIgnore[]> {
  const files = await fg(['**/.gitignore'], { cwd: root, dot: true, ignore: ALWAYS_IGNORED, followSymbolicLinks: false });
  const scoped: ScopedIgnore[] = [];
  // Shallow before deep, so deeper files are applied later and can override.
  files.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  for (const file of files) {
    const text = await fs.readFile(path.join(root, file), 'utf8').catch(() => '');
    const dir = path.posix.dirname(file);
    scoped.push({ dir: dir === '.' ? '' : dir, rules: ignore().add(text) });
  }
  return scoped;
}

/**
 * Whether a path is excluded. `.gitignore` files apply from the root down, and a
 * deeper file's `!pattern` can re-include what a higher one ignored, as in git.
 * The configuration's `ignore` patterns have the last word.
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
