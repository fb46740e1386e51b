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
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, options.root ?? defaultRoot(cwd, options.targets));
  const config = readConfig(root, cwd, options);
  const targets = (options.targets.length ? options.targets : [root]).map((t) => path.resolve(cwd, t));
  const found = await discover(root, targets, config.ignore);
  const repository = await loadRepository(root, found.files, found.skipped);
  const result = runRules(repository, options.rules, config);
  return { ...result, repository, config, durationMs: Math.round(performance.now() - started) };
}

/**
 * A single directory argument is the repository: Flux paths and reported files are
 * relative to it. Otherwise (files from a pre-commit hook, or nothing) the
 * repository is the git work tree around the working directory.
 */
export function defaultRoot(cwd: string, targets: string[]): string {
  if (targets.length === 1) {
    const target = path.resolve(cwd, targets[0]!);
    if (existsSync(target) && statSync(target).isDirectory()) return target;
  }
  let dir = cwd;
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return cwd;
    dir = parent;
  }
}

function readConfig(root: string, cwd: string, options: LintOptions): Config {
  const file = options.configFile ? path.resolve(cwd, options.configFile) : findConfigFile(root);
  if (!file) return new Config();
  const display = toPosix(path.relative(root, file)) || path.basename(file);
  return loadConfig(file, display.startsWith('../') ? toPosix(path.relative(cwd, file)) : display, new Set(options.rules.map((r) => r.meta.id)));
}
