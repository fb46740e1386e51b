import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { writeInitialConfig } from './initial-config.js';
import { printConfig } from './print-config.js';
import { listRules } from './rule-list.js';
import { toPosix } from '../discover/discover.js';
import { GitError } from '../git/git.js';
import { installHook } from '../git/hook.js';
import { defaultRoot, loadForLint, readConfig } from '../lint.js';
import { visibleLines } from '../report/visible.js';
import { renderValues } from '../values-command.js';
import { EXIT, UsageError, type Io } from './io.js';
import type { Options } from './options.js';
import { checkPaths } from './paths.js';

/** `fluxlint values NAMESPACE/NAME [path]`. */
export async function valuesCommand(args: string[], options: Options, io: Io): Promise<number> {
  const [reference, valuesPath] = args;
  const format = options.format ?? 'yaml';
  if (!reference || args.length > 2 || (format !== 'yaml' && format !== 'json')) {
    throw new UsageError('usage: fluxlint values NAMESPACE/NAME [path] [--file FILE] [--kustomization NAME] [--root DIR] [--format yaml|json]');
  }
  checkPaths([], options.root, io.cwd);
  const { repository } = await loadForLint({ targets: [], root: options.root, configFile: options.config, rules: RULES, cwd: io.cwd });
  const rendered = renderValues(repository.flux, { reference, path: valuesPath, file: options.file, kustomization: options.kustomization }, format);
  if ('error' in rendered) throw new UsageError(visibleLines(rendered.error));
  io.stdout(rendered.output);
  return EXIT.ok;
}

/** `fluxlint rules`: the catalogue, as text or JSON. */
export function rulesCommand(args: string[], options: Options, io: Io): number {
  const format = options.format ?? 'text';
  if (args.length > 0 || (format !== 'text' && format !== 'json')) throw new UsageError('usage: fluxlint rules [--format text|json]');
  io.stdout(listRules(RULES.map((r) => r.meta), format));
  return EXIT.ok;
}

/** `fluxlint init`: a commented .fluxlint.yaml in the repository root. */
export function initCommand(args: string[], options: Options, io: Io): number {
  if (args.length > 0) throw new UsageError('usage: fluxlint init [--root DIR] [--force]');
  checkPaths([], options.root, io.cwd);
  const root = path.resolve(io.cwd, options.root ?? defaultRoot(io.cwd, []));
  const result = writeInitialConfig(root, options.force ?? false);
  if ('error' in result) throw new UsageError(result.error);
  io.stdout(`fluxlint: wrote ${result.written}\n`);
  return EXIT.ok;
}

/** `fluxlint install-hook`: a plain git pre-commit hook running `fluxlint --staged`. */
export async function installHookCommand(args: string[], options: Options, io: Io): Promise<number> {
  if (args.length) throw new UsageError('usage: fluxlint install-hook [--force]');
  try {
    const hook = await installHook(io.cwd, Boolean(options.force));
    const verb = { installed: 'installed', replaced: 'replaced', unchanged: 'already installed' }[hook.status];
    io.stdout(`fluxlint: pre-commit hook ${verb}: ${hook.file}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof GitError) throw error;
    throw new UsageError(`cannot install the hook: ${(error as Error).message}`);
  }
}

/** `--print-config FILE`: the settings that apply to one file. */
export function printConfigCommand(file: string, targets: string[], options: Options, io: Io): number {
  checkPaths(targets, options.root, io.cwd);
  const root = path.resolve(io.cwd, options.root ?? defaultRoot(io.cwd, targets.length ? targets : [file]));
  const config = readConfig(root, io.cwd, { configFile: options.config, rules: RULES });
  io.stdout(printConfig(config, toPosix(path.relative(root, path.resolve(io.cwd, file))), RULES.map((r) => r.meta)));
  return EXIT.ok;
}
