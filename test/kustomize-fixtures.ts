import path from 'node:path';
import { isSeq, type Node } from 'yaml';
import { KustomizeBuilder, type KustomizeBuild } from '../src/model/kustomize/build.js';
import type { BuiltObject } from '../src/model/kustomize/object.js';
import { Origins } from '../src/model/origins.js';
import { loadRepository } from '../src/model/repository.js';
import { DiskTree } from '../src/discover/tree.js';
import { nodeAt, stringAt } from '../src/yaml/nodes.js';
import type { Location } from '../src/diagnostic.js';
import { FIXTURES, makeRepo } from './helpers.js';

/** Builds of the small repositories in fixtures/kustomize/<case>/, and what to assert on them. */

export const CASES = path.join(FIXTURES, 'kustomize');

export interface Built {
  build: KustomizeBuild;
  origins: Origins;
}

export async function buildCase(fixture: string, dir: string, plain = false): Promise<Built> {
  const repository = await loadRepository(new DiskTree(path.join(CASES, fixture)), [], []);
  const origins = new Origins();
  const builder = new KustomizeBuilder(repository, origins);
  return { build: plain ? builder.buildPlain(dir) : builder.build(dir), origins };
}

/** The build of the root of a small repository written for one test. */
export async function buildFiles(files: Record<string, string>): Promise<KustomizeBuild> {
  const repository = await loadRepository(new DiskTree(makeRepo(files)), Object.keys(files), []);
  return new KustomizeBuilder(repository, new Origins()).build('');
}

export const json = (build: KustomizeBuild) => build.objects.map((o) => o.node.toJSON() as unknown);

/** The built object of a kind and name (after renames). */
export function objectOf(build: KustomizeBuild, kind: string, name: string): BuiltObject {
  const found = build.objects.filter((o) => stringAt(o.node, ['kind']) === kind && stringAt(o.node, ['metadata', 'name']) === name);
  if (found.length !== 1) throw new Error(`${found.length} objects ${kind}/${name} in the build`);
  return found[0]!;
}

/** The node at a path of mapping keys (strings) and list indexes (numbers). */
export function nodeIn(object: BuiltObject, steps: (string | number)[]): Node {
  let current: Node | null = object.node;
  for (const step of steps) {
    if (typeof step === 'number') current = isSeq(current) ? ((current.items[step] as Node | undefined) ?? null) : null;
    else current = nodeAt(current, [step]);
    if (!current) throw new Error(`nothing at ${steps.join('/')}`);
  }
  return current!;
}

export const at = (location: Location | null) => (location ? `${location.file}:${location.line}:${location.column}` : null);

/** "file:line:column" where the value at a path of a built object was written. */
export function origin(built: Built, kind: string, name: string, steps: (string | number)[]): string | null {
  return at(built.origins.locate(nodeIn(objectOf(built.build, kind, name), steps)));
}

export const problems = (build: KustomizeBuild) => build.problems.map((p) => `${p.kind} ${at(p.location)} ${p.message}`);
