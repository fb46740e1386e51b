import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Git, GitError } from './git.js';

/**
 * The pre-commit hook: `fluxlint --staged`, found on PATH or in the repository's
 * node_modules. Git runs hooks at the top of the work tree.
 */
export const HOOK_SCRIPT = `#!/bin/sh
# Written by \`fluxlint install-hook\`: refuses a commit whose staged files have fluxlint errors.
# \`git commit --no-verify\` skips it once.
PATH="$PWD/node_modules/.bin:$PATH"
if ! command -v fluxlint >/dev/null 2>&1; then
  echo "fluxlint pre-commit hook: fluxlint is not installed (npm install --global fluxlint)" >&2
  exit 1
fi
exec fluxlint --staged
`;

export interface InstalledHook {
  /** Absolute path of the hook. */
  file: string;
  status: 'installed' | 'replaced' | 'unchanged';
}

/**
 * Writes the pre-commit hook of the repository around `dir`, where git looks for
 * hooks (`core.hooksPath`, and the common directory of a linked worktree). An
 * existing, different hook is replaced only with `force`.
 */
export async function installHook(dir: string, force: boolean): Promise<InstalledHook> {
  const git = await Git.open(dir);
  const hooks = path.resolve(git.top, (await git.run(['rev-parse', '--git-path', 'hooks'])).trim());
  const file = path.join(hooks, 'pre-commit');
  let existing: string | null;
  try {
    existing = readFileSync(file, 'utf8');
  } catch {
    existing = null;
  }
  if (existing === HOOK_SCRIPT) return { file, status: 'unchanged' };
  if (existing !== null && !force) throw new GitError(`${file} already exists; run fluxlint from it, or replace it with --force`);
  mkdirSync(hooks, { recursive: true });
  rmSync(file, { force: true });
  writeFileSync(file, HOOK_SCRIPT, { flag: 'wx' });
  chmodSync(file, 0o755);
  return { file, status: existing === null ? 'installed' : 'replaced' };
}
