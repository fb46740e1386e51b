import { DiskTree, type FileTree } from '../discover/tree.js';
import { defaultBase, type BaseRevision } from './base.js';
import { Git, GitError } from './git.js';
import { GitTree } from './tree.js';

/** What `--changed` or `--staged` lints, what it compares with, and which files changed. */
export interface Change {
  /** The version linted: the working tree, or the index for `--staged`. */
  tree: FileTree;
  /** The version before the change, or null when there is none (every file is then changed). */
  base: (BaseRevision & { tree: FileTree }) | null;
  /** Files changed since the base, relative to the root; null with no base. */
  files: Set<string> | null;
}

export interface ChangeOptions {
  /** Lint the index, measured from HEAD unless `changed` says otherwise. */
  staged: boolean;
  /** Measure from `base`, or from the default base (see defaultBase). */
  changed?: { base?: string };
  env: NodeJS.ProcessEnv;
}

export async function openChange(root: string, options: ChangeOptions): Promise<Change> {
  const flag = options.changed ? '--changed' : '--staged';
  const git = await Git.open(root).catch((error: unknown) => {
    throw error instanceof GitError ? new GitError(`${flag} needs a git repository: ${error.message}`) : error;
  });
  const tree = options.staged ? await GitTree.index(git, root) : new DiskTree(root);
  const base = options.changed ? await chosenBase(git, root, options.changed.base, options.env) : await head(git);
  if (!base) return { tree, base: null, files: null };

  const changed = await git.paths(['diff', '--name-only', '-z', '--no-renames', ...(options.staged ? ['--cached'] : []), base.sha, '--']);
  if (!options.staged) changed.push(...(await git.paths(['ls-files', '--others', '--exclude-standard', '-z', '--full-name'])));
  const prefix = git.prefixOf(root) ?? '';
  const files = new Set<string>();
  for (const file of changed) {
    if (!prefix) files.add(file);
    else if (file.startsWith(prefix + '/')) files.add(file.slice(prefix.length + 1));
  }
  return { tree, base: { ...base, tree: await GitTree.commit(git, root, base.sha) }, files };
}

async function chosenBase(git: Git, root: string, revision: string | undefined, env: NodeJS.ProcessEnv): Promise<BaseRevision | null> {
  if (revision === undefined) return defaultBase(root, env);
  const sha = await git.commit(revision);
  if (!sha) throw new GitError(`--base ${revision} names no commit of this repository`);
  return { sha, description: revision };
}

async function head(git: Git): Promise<BaseRevision | null> {
  const sha = await git.commit('HEAD');
  return sha ? { sha, description: 'HEAD' } : null;
}
