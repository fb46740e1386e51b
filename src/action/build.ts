import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { PACKAGE_ROOT } from '../package-root.js';
import { standaloneConfigValidatorsCode, standaloneValidatorsCode } from '../schemas/compile-validators.js';

/**
 * `npm run build:action`: bundles src/action/main.ts and everything it loads (the
 * dependencies and the validators compiled from schemas/) into the one file that
 * action.yml runs, dist/action/index.js, which is committed. esbuild's output is
 * deterministic, so a test rebuilds it and compares the bytes.
 */

export const ACTION_BUNDLE = path.join(PACKAGE_ROOT, 'dist', 'action', 'index.js');

/** The generated modules that main.ts imports as `fluxlint-generated:<name>`. */
const GENERATED: Record<string, () => string> = {
  'k8s-validators': () => standaloneValidatorsCode(),
  'config-validators': () => standaloneConfigValidatorsCode(),
};

const generatedValidators: Plugin = {
  name: 'fluxlint-generated-validators',
  setup(bundler) {
    bundler.onResolve({ filter: /^fluxlint-generated:/ }, (args) => ({ path: args.path.slice(args.path.indexOf(':') + 1), namespace: 'fluxlint-generated' }));
    // The generated CommonJS requires Ajv's runtime helpers, found from the package root.
    bundler.onLoad({ filter: /.*/, namespace: 'fluxlint-generated' }, (args) => ({
      contents: GENERATED[args.path]!(),
      loader: 'js',
      resolveDir: PACKAGE_ROOT,
    }));
  },
};

export async function buildAction(outfile: string = ACTION_BUNDLE): Promise<void> {
  await build({
    absWorkingDir: PACKAGE_ROOT,
    entryPoints: ['src/action/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Gitea's runner starts the action with the job container's node, whatever runs.using says.
    target: 'node20',
    // Bundled CommonJS dependencies call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as fluxlintCreateRequire } from 'node:module';\nconst require = fluxlintCreateRequire(import.meta.url);" },
    legalComments: 'eof',
    plugins: [generatedValidators],
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildAction();
  console.log(`${path.relative(process.cwd(), ACTION_BUNDLE)} written.`);
}
