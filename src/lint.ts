import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { discover, toPosix } from './discover/discover.js';
import { Config, findConfigFile, loadConfig } from './engine/config.js';
import type { Rule } from './engine/rule.js';
import { runRules, type RunResult } from './engine/run.js';
import { loadRepository, type Repository } from './model/repository.js';

export interface LintOptions {
  /** Files and directories to lint (default: the root). */
  targets: string[];
  /** Repository root; default: the single directory target, else the git top level or the working directory. */
  root?: string;
  /** A configuration file; default: the nearest .fluxlint.yaml at or above the root. */
  configFile?: string;
  rules: readonly Rule[];
  cwd?: string;
  /** Report only the files that differ from a git base. */
  changed?: { base?: string };
  /** Report only the files staged in git. */
  staged?: boolean;
  /** The environment for git and CI variables; default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface LintResult extends RunResult {
  repository: Repository;
  config: Config;
  durationMs: number;
}

/** The whole pipeline: discover, parse, model, rules. Reporting is the caller's. */
export async function lint(options: LintOptions): Promise<LintResult> {
  const started = performance.now();
  const { repository, config } = await loadForLint(options);
  const result = runRules(repository, options.rules, config);
  return { ...result, repository, config, durationMs: Math.round(performance.now() - started) };
}

/** Discovery, configuration and the repository model, without running any rule. */
export async function loadForLint(options: LintOptions): Promise<{ repository: Repository; config: Config; root: string }> {
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, options.root ?? defaultRoot(cwd, options.targets));
  const config = readConfig(root, cwd, options);
  const targets = (options.targets.length ? options.targets : [root]).map((t) => path.resolve(cwd, t));
  const found = await discover(root, targets, config.ignore);
  const repository = await loadRepository(root, found.files, found.skipped);
  return { repository, config, root };
}

/**
 * The repository whose files are linted. Flux resolves every `spec.path` from the
 * top of its git repository, so the root is the git work tree around the first
 * target (or the working directory), even when a subdirectory is linted. Outside
 * git, a single directory argument is the repository.
 */
export function defaultRoot(cwd: string, targets: string[]): string {
  const first = targets[0] === undefined ? cwd : path.resolve(cwd, targets[0]);
  const start = existsSync(first) && !statSync(first).isDirectory() ? path.dirname(first) : first;
  const top = gitTopLevel(start);
  if (top) return top;
  if (targets.length === 1 && existsSync(first) && statSync(first).isDirectory()) return first;
  return cwd;
}

/** The git work tree around a directory (a `.git` directory, or a `.git` file of a worktree), if any. */
function gitTopLevel(start: string): string | null {
  for (let dir = start; ; ) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The configuration that applies: `--config`, else the nearest file at or above the root. */
export function readConfig(root: string, cwd: string, options: Pick<LintOptions, 'configFile' | 'rules'>): Config {
  const file = options.configFile ? path.resolve(cwd, options.configFile) : findConfigFile(root);
  if (!file) return new Config();
  const display = toPosix(path.relative(root, file)) || path.basename(file);
  return loadConfig(file, display.startsWith('../') ? toPosix(path.relative(cwd, file)) : display, new Set(options.rules.map((r) => r.meta.id)));
}
