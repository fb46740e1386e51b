import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { RULES } from '../../rules/index.js';
import type { Diagnostic, Location } from '../diagnostic.js';
import { toPosix } from '../discover/discover.js';
import { ConfigError } from '../engine/config.js';
import { lint } from '../lint.js';
import { GitError } from '../git/git.js';
import { TOOL } from '../package-root.js';
import { summarize, type ReportInput } from '../report/report.js';
import { sarif } from '../report/sarif.js';
import { stylish } from '../report/stylish.js';
import { planAnnotations } from './annotations.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { jobSummary } from './summary.js';
import { failureReason } from './verdict.js';

/**
 * The Action: lints in-process, annotates the most important findings, prints the
 * whole report to the log (Gitea shows no annotations), writes the job summary, the
 * outputs and the SARIF file, and fails the step per `fail-on` and `max-warnings`.
 * Never throws: every problem fails the step with a message.
 */
export async function runAction(): Promise<void> {
  const { env } = process;
  try {
    const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
    const inputs = readInputs(workspace, (name) => core.getInput(name));
    checkPaths(workspace, inputs);
    core.info(`fluxlint ${TOOL.version}: linting ${relativePath(workspace, inputs.path)} in the repository at ${relativePath(workspace, inputs.root)}`);
    const result = await lint({
      targets: [inputs.path],
      root: inputs.root,
      configFile: inputs.config,
      rules: RULES,
      cwd: workspace,
      changed: inputs.changedOnly ? { base: inputs.base } : undefined,
      env,
    });

    const paths = workspacePaths(workspace, inputs.root);
    const diagnostics = result.diagnostics.map((d) => paths.diagnostic(d));
    // Counted as the CLI counts them: the files the `path` input selects, not the whole repository read.
    const reported = result.repository.files.filter((file) => result.selected(file.source.path));
    const documents = reported.reduce((count, file) => count + file.documents.length, 0);
    const summary = summarize(diagnostics, reported.length, documents, result.durationMs);
    const report: ReportInput = {
      diagnostics,
      rules: RULES.map((r) => r.meta),
      summary,
      tool: TOOL,
      source: (file) => result.repository.file(paths.toRoot(file))?.source,
      color: false,
    };

    for (const { level, message, properties } of planAnnotations(diagnostics)) core[level](message, properties);
    printUntrusted(stylish(report));
    for (const internal of result.internalErrors) {
      const where = internal.file ? ` while checking ${internal.file}` : '';
      core.error(`fluxlint: internal error in rule ${internal.ruleId}${where}: ${(internal.error as Error)?.message ?? String(internal.error)}`);
    }
    if (inputs.sarifFile) writeSarif(inputs.sarifFile, sarif(report));
    if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(jobSummary(diagnostics, summary, blobBase(env))).write();

    core.setOutput('errors', summary.errors);
    core.setOutput('warnings', summary.warnings);
    core.setOutput('sarif-file', inputs.sarifFile ?? '');

    if (result.internalErrors.length) {
      core.setFailed('fluxlint: a rule failed (see the internal errors above); please report it.');
      return;
    }
    const reason = failureReason(summary, inputs.failOn, inputs.maxWarnings);
    if (reason) core.setFailed(reason);
  } catch (error) {
    core.setFailed(describe(error));
    if (!(error instanceof InputError || error instanceof ConfigError) && error instanceof Error && error.stack) core.debug(error.stack);
  }
}

function checkPaths(workspace: string, inputs: ActionInputs): void {
  const shown = (absolute: string) => relativePath(workspace, absolute);
  if (!existsSync(inputs.root) || !statSync(inputs.root).isDirectory()) throw new InputError(`root ${shown(inputs.root)} is not a directory`);
  if (!existsSync(inputs.path)) throw new InputError(`path ${shown(inputs.path)} does not exist`);
  if (!isWithin(inputs.root, inputs.path)) throw new InputError(`path ${shown(inputs.path)} is outside root ${shown(inputs.root)}`);
}

/** A path as the workflow names it: relative to the workspace, `.` for the workspace itself. */
function relativePath(workspace: string, absolute: string): string {
  return toPosix(path.relative(workspace, absolute)) || '.';
}

function isWithin(directory: string, target: string): boolean {
  const relative = path.relative(directory, target);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * Findings are relative to the root; GitHub wants annotation and SARIF paths relative
 * to the workspace (the checkout). With the root inside the workspace, the paths gain
 * the root's prefix; a root elsewhere keeps them as they are.
 */
function workspacePaths(workspace: string, root: string) {
  const prefix = toPosix(path.relative(workspace, root));
  const rebased = prefix !== '' && isWithin(workspace, root);
  const toWorkspace = (file: string) => (rebased ? `${prefix}/${file}` : file);
  const location = (l: Location): Location => ({ ...l, file: toWorkspace(l.file) });
  return {
    toRoot: (file: string) => (rebased && file.startsWith(`${prefix}/`) ? file.slice(prefix.length + 1) : file),
    diagnostic: (d: Diagnostic): Diagnostic => ({
      ...d,
      location: location(d.location),
      related: d.related.map((r) => ({ ...r, location: location(r.location) })),
    }),
  };
}

/** Text from the linted repository (file names) must not run workflow commands. */
function printUntrusted(text: string): void {
  const token = randomUUID();
  process.stdout.write(`::stop-commands::${token}\n${text}::${token}::\n`);
}

function writeSarif(file: string, content: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  } catch (error) {
    throw new InputError(`cannot write sarif-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function blobBase(env: NodeJS.ProcessEnv) {
  const { GITHUB_SERVER_URL: serverUrl, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  return serverUrl && repository && sha ? { serverUrl, repository, sha } : undefined;
}

function describe(error: unknown): string {
  if (error instanceof InputError) return `fluxlint: ${error.message}`;
  if (error instanceof ConfigError) {
    const where = error.location ? `${error.location.file}:${error.location.line}:${error.location.column}: ` : '';
    return `fluxlint: configuration error: ${where}${error.message}`;
  }
  if (error instanceof GitError) return `fluxlint: ${error.message}`;
  return `fluxlint: internal error: ${error instanceof Error ? error.message : String(error)}`;
}
