import { readFileSync } from 'node:fs';
import { Git, GitError } from './git.js';

/** The commit a change is measured from, and how it was chosen (for messages). */
export interface BaseRevision {
  sha: string;
  description: string;
}

const DEFAULT_BRANCHES = ['origin/HEAD', 'main', 'master', 'origin/main', 'origin/master'];

/**
 * The default base of `--changed` for the work tree around `dir`. In GitHub or Gitea
 * Actions (GITHUB_EVENT_PATH): a pull request's base (its merge base with HEAD), or a
 * push's `before` commit. Otherwise, or for a new branch (an all-zero `before`), the
 * merge base of HEAD with the default branch (origin/HEAD, else main or master).
 * Null when there is none: every finding is then reported.
 */
export async function defaultBase(dir: string, env: NodeJS.ProcessEnv): Promise<BaseRevision | null> {
  const git = await Git.open(dir);
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const pullRequestBase = event?.pull_request?.base?.sha;
  if (typeof pullRequestBase === 'string') {
    const sha = await requireCommit(git, pullRequestBase, 'the pull request base');
    const mergeBase = (await git.attempt(['merge-base', sha, 'HEAD']))?.trim();
    return { sha: mergeBase || sha, description: `the pull request base ${sha.slice(0, 12)}` };
  }
  if (typeof event?.before === 'string' && !/^0+$/.test(event.before)) {
    const sha = await requireCommit(git, event.before, "the push's previous commit");
    return { sha, description: `the push's previous commit ${sha.slice(0, 12)}` };
  }
  for (const branch of DEFAULT_BRANCHES) {
    const tip = await git.commit(branch);
    const mergeBase = tip ? (await git.attempt(['merge-base', tip, 'HEAD']))?.trim() : null;
    if (mergeBase) return { sha: mergeBase, description: `the merge base with ${branch} ${mergeBase.slice(0, 12)}` };
  }
  return null;
}

interface ActionsEvent {
  pull_request?: { base?: { sha?: unknown } };
  before?: unknown;
}

function readEvent(file: string | undefined): ActionsEvent | null {
  if (!file) return null;
  try {
    const event = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof event === 'object' && event !== null ? (event as ActionsEvent) : null;
  } catch {
    return null;
  }
}

async function requireCommit(git: Git, sha: string, what: string): Promise<string> {
  const commit = await git.commit(sha);
  if (!commit) throw new GitError(`${what} ${sha} is not in this clone; fetch it (with actions/checkout: fetch-depth: 0), or name a base with --base`);
  return commit;
}
