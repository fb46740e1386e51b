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
  /** Whether a file (relative to the root) is within the targets: the files the report speaks for. */
  selected: (file: string) => boolean;
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
  const { cwd, root, config } = setUp(options);
  const selected = inTargets(root, (options.targets.length ? options.targets : [root]).map((t) => path.resolve(cwd, t)));
  const finish = (result: RunResult, repository: Repository, base?: string | null): LintResult => ({
    diagnostics: result.diagnostics.filter((d) => selected(d.location.file)),
    internalErrors: result.internalErrors,
    repository,
    config,
    durationMs: Math.round(performance.now() - started),
    selected,
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

/** Discovery, configuration and the model of the working tree, without running any rule. */
export async function loadForLint(options: LintOptions): Promise<{ repository: Repository; config: Config; root: string }> {
  const { root, config } = setUp(options);
  return { repository: await load(new DiskTree(root), config), config, root };
}

function setUp(options: LintOptions): { cwd: string; root: string; config: Config } {
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, options.root ?? defaultRoot(cwd, options.targets));
  return { cwd, root, config: readConfig(root, cwd, options) };
}

async function load(tree: FileTree, config: Config): Promise<Repository> {
  const found = await discover(tree, config.ignore);
  return loadRepository(tree, found.files, found.skipped);
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
