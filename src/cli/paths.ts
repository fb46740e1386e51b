import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { toPosix } from '../discover/discover.js';
import { closest } from '../suggest.js';
import { UsageError, type Io } from './io.js';

/** The commands, for a did-you-mean when a misspelt one reads as a path. */
export const COMMANDS = ['values', 'rules', 'init', 'install-hook'];

/**
 * A path that does not exist is a usage error, never "0 files, no errors": a
 * misspelt directory or command must not pass a CI step.
 */
export function checkPaths(targets: string[], root: string | undefined, cwd: string): void {
  if (root !== undefined) {
    const absolute = path.resolve(cwd, root);
    if (!existsSync(absolute)) throw new UsageError(`--root ${root}: no such directory`);
    if (!statSync(absolute).isDirectory()) throw new UsageError(`--root ${root}: not a directory`);
  }
  for (const target of targets) {
    if (existsSync(path.resolve(cwd, target))) continue;
    const command = /^[a-z][a-z-]*$/.test(target) ? closest(target, COMMANDS) : null;
    if (command) throw new UsageError(`unknown command "${target}"; did you mean "${command}"?`);
    throw new UsageError(`${target}: no such file or directory`);
  }
}

/** A directory named on the command line that holds no YAML file deserves a word: a typo in a glob or an ignore rule. */
export function warnAboutEmptyTargets(targets: string[], root: string, files: string[], io: Io): void {
  for (const target of targets) {
    const absolute = path.resolve(io.cwd, target);
    if (!statSync(absolute).isDirectory()) continue;
    const prefix = toPosix(path.relative(root, absolute));
    const inside = (file: string) => prefix === '' || file === prefix || file.startsWith(`${prefix}/`);
    if (!files.some(inside)) io.stderr(`fluxlint: warning: no YAML file to lint in ${target}\n`);
  }
}
