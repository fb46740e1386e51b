import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../rules/index.js';
import { lint } from '../src/lint.js';
import { PACKAGE_ROOT } from '../src/package-root.js';

/**
 * `npm run bench`: lints every repository of the shared corpus (or the directories
 * given as arguments) a few times and prints wall time, throughput and peak memory.
 * Speed targets are checked here, not in timed tests.
 */
const ROUNDS = 3;
const corpus = path.resolve(PACKAGE_ROOT, '../shared/corpus');
const targets = process.argv.slice(2).length
  ? process.argv.slice(2).map((p) => path.resolve(p))
  : existsSync(corpus)
    ? readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(corpus, d.name))
    : [path.join(PACKAGE_ROOT, 'fixtures')];

let peakRss = 0;
const rows: string[] = [];
let totalFiles = 0;
let totalBest = 0;
for (const target of targets) {
  const times: number[] = [];
  let files = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const result = await lint({ targets: [target], rules: RULES, cwd: target });
    times.push(performance.now() - started);
    files = result.repository.files.length;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const best = Math.min(...times);
  totalFiles += files;
  totalBest += best;
  rows.push(`${path.basename(target).padEnd(40)} ${String(files).padStart(6)} files ${best.toFixed(0).padStart(7)} ms ${((files / best) * 1000).toFixed(0).padStart(7)} files/s`);
}
console.log(rows.join('\n'));
console.log(`${'total (best of 3 each)'.padEnd(40)} ${String(totalFiles).padStart(6)} files ${totalBest.toFixed(0).padStart(7)} ms ${((totalFiles / totalBest) * 1000).toFixed(0).padStart(7)} files/s`);
console.log(`peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
