import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../src/diagnostic.js';
import { sharedAvailable, UPSTREAM } from './corpus.js';
import { HELM_REPOSITORY, helmRelease, lintDir, makeRepo, temporaryDirectory } from './helpers.js';

/**
 * `ess.valuesSchemas`: the chart's own values schema instead of fluxlint's. The
 * upstream files are read from ../shared at test time (copied to a temporary
 * directory or packed into a temporary .tgz, never into the repository).
 */

const CHART_DIR = path.join(UPSTREAM, 'ess-helm');
const available = sharedAvailable(CHART_DIR);

/** A repository with one matrix-stack release (values from line 16, column 5) and a configuration naming a schema. */
function repository(values: string, schema: string): string {
  return makeRepo({
    'hr.yaml': helmRelease(values),
    'repository.yaml': HELM_REPOSITORY,
    '.fluxlint.yaml': `ess:\n  valuesSchemas:\n    "26": ${JSON.stringify(schema)}\n`,
  });
}

const schemaFindings = async (dir: string) =>
  (await lintDir(dir)).diagnostics.filter((d) => d.ruleId === 'ess/values-schema').map((d: Diagnostic) => `${d.severity} ${d.location.line}:${d.location.column} ${d.message}`);

/** A chart directory with the upstream schema and defaults. */
function chartDirectory(): string {
  const dir = temporaryDirectory('fluxlint-chart-');
  copyFileSync(path.join(CHART_DIR, 'values.schema.json'), path.join(dir, 'values.schema.json'));
  copyFileSync(path.join(CHART_DIR, 'values.yaml'), path.join(dir, 'values.yaml'));
  return dir;
}

/** A packed chart as `helm package` writes it: `matrix-stack/<file>` entries in a gzipped tar. */
function chartArchive(): string {
  const entries = ['values.schema.json', 'values.yaml', 'Chart.yaml'].map((name) => ({
    name: `matrix-stack/${name}`,
    data: name === 'Chart.yaml' ? Buffer.from('apiVersion: v2\nname: matrix-stack\nversion: 26.8.1\n') : readFileSync(path.join(CHART_DIR, name)),
  }));
  const blocks: Buffer[] = [];
  for (const { name, data } of entries) {
    const header = Buffer.alloc(512);
    header.write(name, 0);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const file = path.join(temporaryDirectory('fluxlint-chart-'), 'matrix-stack-26.8.1.tgz');
  writeFileSync(file, gzipSync(Buffer.concat(blocks)));
  return file;
}

const VALID = 'serverName: example.com\nsynapse:\n  ingress:\n    host: matrix.example.com\ningress:\n  service:\n    type: LoadBalancer\n';
const INVALID = 'serverName: example.com\nsynapse:\n  replicas: two\nwellKnownDelegation:\n  ingress:\n    host: example.com\n';

describe.skipIf(!available)("ess/values-schema with the chart's own schema", () => {
  it('from a values.schema.json: unknown keys and wrong types, but no required field the defaults might supply', async () => {
    const schema = path.join(CHART_DIR, 'values.schema.json');
    // Compiling a chart's schema puts nothing on the terminal (Ajv warns about Helm's formats unless told not to).
    const console = [vi.spyOn(globalThis.console, 'warn'), vi.spyOn(globalThis.console, 'log'), vi.spyOn(globalThis.console, 'error')];
    expect(await schemaFindings(repository(VALID, schema))).toEqual([]);
    expect(await schemaFindings(repository(INVALID, schema))).toEqual([
      'error 18:17 "synapse.replicas" in the values of HelmRelease "matrix/ess" must be an integer, not a string ("two").',
      'error 21:9 Unknown field "wellKnownDelegation.ingress.host" in the values of HelmRelease "matrix/ess".',
    ]);
    for (const spy of console) expect(spy).not.toHaveBeenCalled();
    for (const spy of console) spy.mockRestore();
  });

  it('from a chart directory: the values merged over its values.yaml, as Helm checks them', async () => {
    const dir = chartDirectory();
    // ingress.service needs internalTrafficPolicy, which values.yaml supplies.
    expect(await schemaFindings(repository(VALID, dir))).toEqual([]);
    expect(await schemaFindings(repository(INVALID, dir))).toEqual([
      'error 18:17 "synapse.replicas" in the values of HelmRelease "matrix/ess" must be an integer, not a string ("two").',
      'error 21:9 Unknown field "wellKnownDelegation.ingress.host" in the values of HelmRelease "matrix/ess".',
    ]);
    // A null deletes a default that the chart requires: Helm rejects that, and so does fluxlint with the chart's defaults.
    expect(await schemaFindings(repository(`${VALID}  # \n`.replace('type: LoadBalancer', 'type: null'), dir))).toEqual([
      'error 21:7 Missing required field "ingress.service.type" in the values of HelmRelease "matrix/ess".',
    ]);
  });

  it('from a packed chart (.tgz)', async () => {
    const archive = chartArchive();
    expect(await schemaFindings(repository(VALID, archive))).toEqual([]);
    expect(await schemaFindings(repository(INVALID, archive))).toEqual([
      'error 18:17 "synapse.replicas" in the values of HelmRelease "matrix/ess" must be an integer, not a string ("two").',
      'error 21:9 Unknown field "wellKnownDelegation.ingress.host" in the values of HelmRelease "matrix/ess".',
    ]);
  });

  it('says once when the named schema cannot be used', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-chart', 'values.schema.json');
    expect(await schemaFindings(repository(INVALID, missing))).toEqual([`info 11:16 cannot use the values schema ${missing}: no such file`]);
  });
});
