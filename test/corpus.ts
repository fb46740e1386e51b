import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Shared reference data beside the repository; tests that need it skip visibly when it is absent. */
export const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared');
export const CORPUS = path.join(SHARED, 'corpus');
export const UPSTREAM = path.join(SHARED, 'upstream');

export function sharedAvailable(dir: string): boolean {
  if (existsSync(dir)) return true;
  console.warn(`SKIPPED: ${dir} is absent; tests that need the shared reference data do not run.`);
  return false;
}
