import { ConfigError } from './engine/config.js';
import { GitError } from './git/git.js';
import { TOOL } from './package-root.js';
import { visibleLines } from './report/visible.js';
import { initCommand, installHookCommand, printConfigCommand, rulesCommand, valuesCommand } from './cli/commands.js';
import { EXIT, UsageError, type Io } from './cli/io.js';
import { lintCommand } from './cli/lint-command.js';
import { parseCommandLine, type Options } from './cli/options.js';

export { EXIT } from './cli/io.js';

const HELP = `Usage: fluxlint [options] [path ...]
       fluxlint values NAMESPACE/NAME [path] [--file FILE] [--kustomization NAME] [--format yaml|json]
       fluxlint rules [--format text|json]
       fluxlint init [--force]
       fluxlint install-hook [--force]

Lints a Flux repository: YAML, Kubernetes objects, Flux, SOPS, cert-manager, ESS.
The repository root is the git work tree around the first path (or the current
directory); outside git, a single directory argument is the root. The whole
repository is read, because references, hosts and values cross files; the paths
given choose which files are reported.

Options:
  -f, --format NAME       stylish (default), json, sarif, github or junit
                          (github by default inside GitHub or Gitea Actions)
  -o, --output FILE       write the report to FILE; a summary still goes to the terminal
      --sarif FILE        also write a SARIF report to FILE (for code scanning)
  -c, --config FILE       configuration file (default: .fluxlint.yaml in the root)
      --root DIR          repository root (default: see above)
      --print-config FILE print the settings that apply to FILE, and exit
      --changed           report the findings of the change since --base: those in
                          changed files, and those elsewhere that the change caused
      --base REV          the commit --changed compares with (default: the pull
                          request's base in Actions, else the merge base with the
                          default branch)
      --staged            lint what is staged (the git index) and report the findings
                          of the staged change (for a pre-commit hook)
      --max-warnings N    exit with 1 when there are more than N warnings
      --quiet             report errors only
      --color, --no-color force colours on or off (default: on for a terminal)
      --debug             print stack traces of internal errors
  -v, --version           print the version
  -h, --help              print this help

Commands:
  values    a HelmRelease's effective values (valuesFrom and values merged as
            helm-controller does), each with the file and line that wrote it;
            for the matrix-stack chart, with the chart defaults that decide what
            it deploys. --file (where it is written) or --kustomization (the
            Flux Kustomization or kustomization directory that applies it)
            choose among several releases of one name (clusters, overlays).
  rules     every rule, its default severity and what it finds
  init      write a commented .fluxlint.yaml into the repository root
  install-hook
            write a git pre-commit hook that runs fluxlint --staged (--force
            replaces a hook that is already there)

Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings over
the threshold, 2 usage, configuration or internal error.
`;

/** Runs the command line and returns the exit code; never throws. */
export async function main(argv: string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    io.stderr(`fluxlint: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values: options, positionals } = parsed;
  if (options.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (options.version) {
    io.stdout(`${TOOL.version}\n`);
    return EXIT.ok;
  }
  try {
    return await run(positionals, options, io);
  } catch (error) {
    io.stderr(`fluxlint: ${describeFailure(error, Boolean(options.debug))}\n`);
    return EXIT.usage;
  }
}

function run(positionals: string[], options: Options, io: Io): number | Promise<number> {
  const [command, ...args] = positionals;
  if (command === 'values') return valuesCommand(args, options, io);
  if (command === 'rules') return rulesCommand(args, options, io);
  if (command === 'init') return initCommand(args, options, io);
  if (command === 'install-hook') return installHookCommand(args, options, io);
  if (options['print-config'] !== undefined) return printConfigCommand(options['print-config'], positionals, options, io);
  return lintCommand(positionals, options, io);
}

/** Why a run stopped before a report: the caller's mistake, git's, the configuration's, or a bug. */
function describeFailure(error: unknown, debug: boolean): string {
  if (error instanceof UsageError || error instanceof GitError) return error.message;
  if (error instanceof ConfigError) {
    const where = error.location ? `${error.location.file}:${error.location.line}:${error.location.column}: ` : '';
    return `configuration error: ${visibleLines(`${where}${error.message}`)}`;
  }
  return `internal error: ${(error as Error).message}${debug ? `\n${(error as Error).stack}` : ''}`;
}
