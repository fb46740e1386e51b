import { closeSync, constants, fstatSync, lstatSync, openSync, promises as fs, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { mapConcurrently } from '../concurrency.js';

/** Why a path cannot be listed or read; worded to follow "Not linted: ". */
export interface Unreadable {
  reason: string;
}

/** What a path is once symbolic links are followed. */
export type PathKind = 'file' | 'directory' | 'other';

/** An entry of a directory as listed: a symbolic link is not followed here. */
export interface TreeEntry {
  name: string;
  kind: PathKind | 'symlink';
}

/**
 * The files of one version of a repository: the working tree on disk, the git
 * index, or a commit. Paths are relative to the repository root with `/` ('' is the
 * root). Symbolic links are followed only while they stay inside the tree, and only
 * regular files are read, so no path can make a read block or leave the repository.
 * `.git` and `node_modules` are never part of a tree.
 */
export interface FileTree {
  /** Absolute path of the repository root on disk. */
  readonly root: string;
  /** The entries of a directory, sorted by name. */
  list(dir: string): TreeEntry[] | Unreadable;
  /** What a path leads to. */
  stat(path: string): PathKind | Unreadable;
  /** The bytes of the regular file a path leads to. */
  read(path: string): Buffer | Unreadable;
  /** `read` for many files at once, in order; faster than one by one. */
  readMany(paths: string[]): Promise<(Buffer | Unreadable)[]>;
}

export const OUT_OF_TREE: Unreadable = { reason: 'it is a symbolic link that leads out of the repository' };
export const BROKEN_LINK: Unreadable = { reason: 'it is a broken symbolic link' };
export const MISSING: Unreadable = { reason: 'it does not exist' };
export const NOT_REGULAR: Unreadable = { reason: 'it is not a regular file' };

export function isUnreadable(value: unknown): value is Unreadable {
  return typeof value === 'object' && value !== null && 'reason' in value;
}

/** Names no tree lists: git's own data and installed packages. */
export function isRepositoryEntry(name: string): boolean {
  return name !== '.git' && name !== 'node_modules';
}

export function byName(a: TreeEntry, b: TreeEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

// Opening a FIFO without O_NONBLOCK waits for a writer forever; the type is checked on the open descriptor.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;
const READ_CONCURRENCY = 32;

/** The working tree: the files on disk below the root. */
export class DiskTree implements FileTree {
  readonly root: string;
  private readonly rootReal: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.rootReal = realpathSync(this.root);
  }

  list(dir: string): TreeEntry[] | Unreadable {
    try {
      return readdirSync(path.join(this.root, dir), { withFileTypes: true })
        .filter((entry) => isRepositoryEntry(entry.name))
        .map((entry): TreeEntry => ({
          name: entry.name,
          kind: entry.isSymbolicLink() ? 'symlink' : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other',
        }))
        .sort(byName);
    } catch (error) {
      return { reason: `it is a directory that cannot be read (${errorCode(error)})` };
    }
  }

  stat(relative: string): PathKind | Unreadable {
    try {
      const real = realpathSync(path.join(this.root, relative));
      if (!this.inside(real)) return OUT_OF_TREE;
      const stat = statSync(real);
      return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
    } catch (error) {
      return this.failure(relative, error);
    }
  }

  read(relative: string): Buffer | Unreadable {
    try {
      const real = realpathSync(path.join(this.root, relative));
      if (!this.inside(real)) return OUT_OF_TREE;
      const fd = openSync(real, READ_FLAGS);
      try {
        return fstatSync(fd).isFile() ? readFileSync(fd) : NOT_REGULAR;
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      return this.failure(relative, error);
    }
  }

  readMany(paths: string[]): Promise<(Buffer | Unreadable)[]> {
    // Reads overlap: waiting for the disk dominates otherwise.
    return mapConcurrently(paths, READ_CONCURRENCY, async (relative) => {
      try {
        const real = await fs.realpath(path.join(this.root, relative));
        if (!this.inside(real)) return OUT_OF_TREE;
        const handle = await fs.open(real, READ_FLAGS);
        try {
          return (await handle.stat()).isFile() ? await handle.readFile() : NOT_REGULAR;
        } finally {
          await handle.close();
        }
      } catch (error) {
        return this.failure(relative, error);
      }
    });
  }

  private inside(real: string): boolean {
    return real === this.rootReal || real.startsWith(this.rootReal + path.sep);
  }

  /** A path that could not be resolved or opened: missing, a broken link, or an error worth naming. */
  private failure(relative: string, error: unknown): Unreadable {
    const code = errorCode(error);
    if (code !== 'ENOENT' && code !== 'ELOOP') return { reason: `it cannot be read (${code})` };
    try {
      return lstatSync(path.join(this.root, relative)).isSymbolicLink() ? BROKEN_LINK : MISSING;
    } catch {
      return MISSING;
    }
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}
