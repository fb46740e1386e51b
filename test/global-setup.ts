import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Every temporary file of a test run goes into one directory, removed when the run
 * ends, so runs leave nothing behind whatever a test forgets. That directory holds a
 * `.fluxlint.yaml` that would turn rules off: a test repository below it must never
 * see it, as a user's repository must never see one in a parent directory.
 */
export default function setup(): () => void {
  const base = mkdtempSync(path.join(os.tmpdir(), 'fluxlint-tests-'));
  writeFileSync(path.join(base, '.fluxlint.yaml'), 'rules:\n  yaml/syntax: off\n  sops/unencrypted-secret: off\n  flux/missing-reference: off\n');
  process.env.TMPDIR = base;
  return () => rmSync(base, { recursive: true, force: true });
}
