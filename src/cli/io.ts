/** What the command line reads and writes: the process, or a test's capture of it. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** A mistake in how fluxlint was called: printed as `fluxlint: message`, exit code 2. */
export class UsageError extends Error {}
