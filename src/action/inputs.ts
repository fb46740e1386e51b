import path from 'node:path';

/** Which findings fail the step. */
export type FailOn = 'error' | 'warning' | 'never';

/** The Action's inputs (action.yml), with paths made absolute against the workspace. */
export interface ActionInputs {
  /** What to lint; default: the root. */
  path: string;
  /** The repository root, which Flux paths resolve against; default: the workspace. */
  root: string;
  config?: string;
  changedOnly: boolean;
  base?: string;
  failOn: FailOn;
  /** Undefined: no limit. */
  maxWarnings?: number;
  sarifFile?: string;
}

/** An input the Action cannot use; the message names the input, never its value. */
export class InputError extends Error {}

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE', ''];

/**
 * Reads the inputs through `read` (core.getInput: the runner passes each as
 * INPUT_<NAME>), so an empty value means the input's default.
 */
export function readInputs(workspace: string, read: (name: string) => string): ActionInputs {
  const inWorkspace = (value: string) => path.resolve(workspace, value);
  const optionalPath = (name: string) => (read(name) ? inWorkspace(read(name)) : undefined);

  const changedOnly = read('changed-only');
  if (!TRUE.includes(changedOnly) && !FALSE.includes(changedOnly)) throw new InputError('changed-only must be true or false');
  const failOn = read('fail-on') || 'error';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new InputError(`fail-on must be one of ${FAIL_ON.join(', ')}`);

  const root = inWorkspace(read('root') || '.');
  return {
    path: read('path') ? inWorkspace(read('path')) : root,
    root,
    config: optionalPath('config'),
    changedOnly: TRUE.includes(changedOnly),
    base: read('base') || undefined,
    failOn: failOn as FailOn,
    maxWarnings: maxWarnings(read('max-warnings')),
    sarifFile: optionalPath('sarif-file'),
  };
}

/** Empty (and -1, the old action's default) is no limit. */
function maxWarnings(text: string): number | undefined {
  if (text === '' || text === '-1') return undefined;
  if (!/^\d+$/.test(text)) throw new InputError('max-warnings must be a whole number (0 or more), or empty for no limit');
  return Number(text);
}
