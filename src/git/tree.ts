import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { BROKEN_LINK, byName, isRepositoryEntry, MISSING, NOT_REGULAR, OUT_OF_TREE, type FileTree, type PathKind, type TreeEntry, type Unreadable } from '../discover/tree.js';
import type { Git } from './git.js';

/** A path of a git tree: its mode (100644, 120000 for a link, 160000 for a submodule) and object. */
interface GitEntry {
  mode: string;
  sha: string;
}

const CONFLICT: Unreadable = { reason: 'it has unresolved merge conflicts in the index' };
const MAX_LINKS = 40;

/**
 * The files of the git index (what is staged) or of a commit, below the repository
 * root. Listings come from one git command; contents are read from the object
 * database, many at once with `git cat-file --batch`.
 */
export class GitTree implements FileTree {
  private readonly directories = new Map<string, Map<string, TreeEntry>>([['', new Map()]]);
  private readonly blobs = new Map<string, Buffer>();

  private constructor(
    readonly root: string,
    private readonly git: Git,
    private readonly entries: Map<string, GitEntry | Unreadable>,
  ) {
    for (const [file, entry] of entries) {
      const parts = file.split('/');
      parts.forEach((name, i) => {
        const dir = parts.slice(0, i).join('/');
        const last = i === parts.length - 1;
        const kind = !last ? 'directory' : 'reason' in entry ? 'file' : entry.mode === '120000' ? 'symlink' : entry.mode === '160000' ? 'other' : 'file';
        this.directories.get(dir)!.set(name, { name, kind });
        const child = dir ? `${dir}/${name}` : name;
        if (!last && !this.directories.has(child)) this.directories.set(child, new Map());
      });
    }
  }

  /** What is staged: the index (as `GIT_INDEX_FILE` names it during a commit). */
  static async index(git: Git, root: string): Promise<GitTree> {
    const entries = new Map<string, GitEntry | Unreadable>();
    for (const line of await git.paths(['ls-files', '--stage', '-z', '--full-name'])) {
      const match = /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(line);
      if (!match) continue;
      const [, mode, sha, stage, file] = match;
      entries.set(file!, stage === '0' ? { mode: mode!, sha: sha! } : CONFLICT);
    }
    return new GitTree(root, git, below(entries, git.prefixOf(root) ?? ''));
  }

  /** The files of a commit. */
  static async commit(git: Git, root: string, sha: string): Promise<GitTree> {
    const entries = new Map<string, GitEntry>();
    for (const line of await git.paths(['ls-tree', '-r', '-z', '--full-tree', sha])) {
      const match = /^(\d+) \w+ ([0-9a-f]+)\t(.*)$/s.exec(line);
      if (match) entries.set(match[3]!, { mode: match[1]!, sha: match[2]! });
    }
    return new GitTree(root, git, below(entries, git.prefixOf(root) ?? ''));
  }

  list(dir: string): TreeEntry[] | Unreadable {
    const resolved = dir ? this.resolve(dir) : '';
    if (typeof resolved !== 'string') return resolved;
    const entries = this.directories.get(resolved);
    return entries ? [...entries.values()].sort(byName) : MISSING;
  }

  stat(file: string): PathKind | Unreadable {
    const resolved = this.resolve(file);
    if (typeof resolved !== 'string') return resolved;
    if (this.directories.has(resolved)) return 'directory';
    const entry = this.entries.get(resolved)!;
    return 'reason' in entry ? entry : entry.mode === '160000' ? 'other' : 'file';
  }

  read(file: string): Buffer | Unreadable {
    const entry = this.fileEntry(file);
    return 'reason' in entry ? entry : this.blob(entry.sha);
  }

  async readMany(files: string[]): Promise<(Buffer | Unreadable)[]> {
    const entries = files.map((file) => this.fileEntry(file));
    const wanted = [...new Set(entries.flatMap((e) => ('reason' in e || this.blobs.has(e.sha) ? [] : [e.sha])))];
    for (const [sha, bytes] of await catFileBatch(this.git.top, wanted)) this.blobs.set(sha, bytes);
    return entries.map((entry) => ('reason' in entry ? entry : this.blob(entry.sha)));
  }

  /** The regular file a path leads to, or why it is none. */
  private fileEntry(file: string): GitEntry | Unreadable {
    const resolved = this.resolve(file);
    if (typeof resolved !== 'string') return resolved;
    const entry = this.entries.get(resolved);
    if (!entry) return this.directories.has(resolved) ? NOT_REGULAR : MISSING;
    return 'reason' in entry ? entry : entry.mode === '160000' ? NOT_REGULAR : entry;
  }

  private blob(sha: string): Buffer {
    let bytes = this.blobs.get(sha);
    if (!bytes) {
      bytes = execFileSync('git', ['cat-file', 'blob', sha], { cwd: this.git.top, maxBuffer: Number.MAX_SAFE_INTEGER });
      this.blobs.set(sha, bytes);
    }
    return bytes;
  }

  /**
   * The path with every symbolic link followed, as the working tree would resolve it
   * after a checkout; a link that leaves the repository or goes round is refused.
   */
  private resolve(file: string): string | Unreadable {
    let pending = file.split('/');
    const done: string[] = [];
    let links = 0;
    while (pending.length) {
      const part = pending.shift()!;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (!done.length) return links ? OUT_OF_TREE : MISSING;
        done.pop();
        continue;
      }
      done.push(part);
      const current = done.join('/');
      const entry = this.entries.get(current);
      if (entry && !('reason' in entry) && entry.mode === '120000') {
        if (++links > MAX_LINKS) return BROKEN_LINK;
        const target = this.blob(entry.sha).toString('utf8');
        if (path.posix.isAbsolute(target)) return OUT_OF_TREE;
        done.pop();
        pending = [...target.split('/'), ...pending];
      } else if (!entry && !this.directories.has(current)) {
        return links ? BROKEN_LINK : MISSING;
      }
    }
    return done.join('/');
  }
}

/** The entries below a prefix of the work tree, relative to it; never `.git` or `node_modules`. */
function below<T>(entries: Map<string, T>, prefix: string): Map<string, T> {
  const result = new Map<string, T>();
  for (const [file, entry] of entries) {
    if (prefix && !file.startsWith(prefix + '/')) continue;
    const relative = prefix ? file.slice(prefix.length + 1) : file;
    if (relative.split('/').every(isRepositoryEntry)) result.set(relative, entry);
  }
  return result;
}

/** The contents of many blobs from one `git cat-file --batch`. */
function catFileBatch(top: string, shas: string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    if (!shas.length) return resolve(new Map());
    const child = spawn('git', ['cat-file', '--batch'], { cwd: top, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file failed: ${stderr.trim()}`));
      const output = Buffer.concat(chunks);
      const blobs = new Map<string, Buffer>();
      let offset = 0;
      while (offset < output.length) {
        const newline = output.indexOf(0x0a, offset);
        const [sha, type, size] = output.subarray(offset, newline).toString('utf8').split(' ');
        offset = newline + 1;
        if (type === 'missing' || size === undefined) continue;
        blobs.set(sha!, output.subarray(offset, offset + Number(size)));
        offset += Number(size) + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(shas.join('\n') + '\n');
  });
}
