import { execFileSync } from 'node:child_process';
import { makeRepo } from './helpers.js';

/** Runs git in `dir` with a fixed identity and no user or system configuration; returns its output. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: GIT_ENV });
}

export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** A temporary git repository on branch main whose first commit holds `files`. */
export function gitRepo(files: Record<string, string>): string {
  const dir = makeRepo(files);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'first');
  return dir;
}
