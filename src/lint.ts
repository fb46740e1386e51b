import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { discover, toPosix } from './discover/discover.js';
import { DiskTree, type FileTree } from './discover/tree.js';
import { Config, findConfigFile, loadConfig } from './engine/config.js';
import type { Rule } from './engine/rule.js';
import { runRules, type RunResult } from './engine/run.js';
import { openChange } from './git/change.js';
import { loadRepository, type Repository } from './model/repository.js';
import { findingsOfChange, inTargets } from './selection.js';

export interface LintOptions {
  /** Files and directories whose findings are reported (default: the root). The whole root is linted. */
  targets: string[];
  /** Repository root; default: the single directory target, else the git top level or the working directory. */
  root?: string;
  /** A configuration file; default: the nearest .fluxlint.yaml at or above the root. */
  configFile?: string;
  rules: readonly Rule[];
  cwd?: string;
  /**
   * Report only the findings of the change since `base` (default: see defaultBase in
   * src/git/base.ts): those in changed files, and those elsewhere that the change caused.
   */
  changed?: { base?: string };
  /** Lint what is staged (the git index) and report the findings of the staged change. */
  staged?: boolean;
  /** The environment, for the default base in Actions (GITHUB_EVENT_PATH); default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface LintResult extends RunResult {
  repository: Repository;
  config: Config;
  durationMs: number;
  /** With `changed` or `staged`: what the change was measured from, or null when there was no base (all findings reported). */
  base?: string | null;
}

/**
 * The whole pipeline: discover, parse, model, rules. The whole root is always linted
 * (cross-file rules need every file); the targets, and a change, only select which
 * findings are reported. Reporting is the caller's.
 */
export async function lint(options: LintOptions): Promise<LintResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, options.root ?? defaultRoot(cwd, options.targets));
  const config = readConfig(root, cwd, options);
  const selected = inTargets(root, (options.targets.length ? options.targets : [root]).map((t) => path.resolve(cwd, t)));
  const finish = (result: RunResult, repository: Repository, base?: string | null): LintResult => ({
    diagnostics: result.diagnostics.filter((d) => selected(d.location.file)),
    internalErrors: result.internalErrors,
    repository,
    config,
    durationMs: Math.round(performance.now() - started),
    ...(base !== undefined ? { base } : {}),
  });

  if (!options.changed && !options.staged) {
    const repository = await load(new DiskTree(root), config);
    return finish(runRules(repository, options.rules, config), repository);
  }
  const change = await openChange(root, { staged: Boolean(options.staged), changed: options.changed, env: options.env ?? process.env });
  const repository = await load(change.tree, config);
  const result = runRules(repository, options.rules, config);
  if (!change.base || !change.files) return finish(result, repository, null);
  // Nothing changed, nothing to report; otherwise the version before tells what the change caused.
  const before = change.files.size ? runRules(await load(change.base.tree, config), options.rules, config).diagnostics : result.diagnostics;
  return finish({ ...result, diagnostics: findingsOfChange(result.diagnostics, before, change.files) }, repository, change.base.description);
}

async function load(tree: FileTree, config: Config): Promise<Repository> {
  const found = await discover(tree, config.ignore);
  return loadRepository(tree, found.files, found.skipped);
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
