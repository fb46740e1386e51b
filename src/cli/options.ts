import { parseArgs } from 'node:util';

/** The command line, parsed strictly: an unknown option or a missing value throws. */
export function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    allowNegative: true,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      sarif: { type: 'string' },
      config: { type: 'string', short: 'c' },
      root: { type: 'string' },
      'max-warnings': { type: 'string' },
      changed: { type: 'boolean' },
      base: { type: 'string' },
      staged: { type: 'boolean' },
      quiet: { type: 'boolean' },
      color: { type: 'boolean' },
      debug: { type: 'boolean' },
      'print-config': { type: 'string' },
      file: { type: 'string' },
      kustomization: { type: 'string' },
      force: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export type Options = ReturnType<typeof parseCommandLine>['values'];
