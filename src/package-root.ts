import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of fluxlint's own package.json, found by walking up from this
 * module, so that shipped files (schemas/) are found the same way from the sources
 * (tests) and from the compiled dist/.
 */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'fluxlint') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('fluxlint: cannot find its own package.json');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();

const packageJson = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string; homepage?: string };

export const TOOL = {
  name: 'fluxlint',
  version: packageJson.version,
  informationUri: packageJson.homepage ?? 'https://github.com/fluxlint/fluxlint',
};
