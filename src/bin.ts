#!/usr/bin/env node
/**
 * The installed `fluxlint` command. It always runs: npm, npx and pre-commit call it
 * through a symbolic link, so it must not guess whether it was "invoked directly".
 */
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
});
