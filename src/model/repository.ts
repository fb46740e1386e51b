import path from 'node:path';
import type { SkippedFile } from '../discover/discover.js';
import { isUnreadable, type FileTree, type Unreadable } from '../discover/tree.js';
import { parseYamlFile, type YamlFile } from '../yaml/file.js';
import { FluxModel } from './flux/model.js';
import { resourceOf, type Resource } from './resource.js';
import { markSecrets } from './secrets.js';
import { loadSopsConfigs, type SopsConfig } from './sops-config.js';

/**
 * The repository as fluxlint sees it: every YAML file parsed once, every
 * Kubernetes object indexed. Knows nothing about any rule.
 */
export class Repository {
  readonly resources: Resource[] = [];
  private readonly byKind = new Map<string, Resource[]>();
  private readonly byPath = new Map<string, YamlFile>();
  readonly sopsConfigs: SopsConfig[];
  private readonly texts = new Map<string, string | null>();
  private readonly extraFiles = new Map<string, YamlFile | null>();
  private fluxModel: FluxModel | undefined;
  private readonly pathKinds = new Map<string, 'file' | 'directory' | null>();

  /** Absolute path of the repository root. */
  readonly root: string;

  constructor(
    /** Where every file is read from: the working tree, the git index or a commit. */
    readonly tree: FileTree,
    readonly files: YamlFile[],
    /** Files found but not linted (binary, not UTF-8, unreadable, a link out of the repository). */
    readonly skipped: SkippedFile[],
  ) {
    this.root = tree.root;
    for (const file of files) {
      this.byPath.set(file.source.path, file);
      markSecrets(file);
      for (const document of file.documents) {
        const resource = resourceOf(document);
        if (!resource) continue;
        this.resources.push(resource);
        const list = this.byKind.get(resource.kind) ?? [];
        list.push(resource);
        this.byKind.set(resource.kind, list);
      }
    }
    this.sopsConfigs = loadSopsConfigs(files);
  }

  /** The repository as Flux applies it (kustomize builds, substitution); computed on first use. */
  get flux(): FluxModel {
    this.fluxModel ??= new FluxModel(this);
    return this.fluxModel;
  }

  /** The Secret values the Flux model has read (none when no rule built it). */
  secretValues(): ReadonlySet<string> {
    return this.fluxModel?.origins.secretValues() ?? new Set();
  }

  /** Objects of one kind, in file order. */
  ofKind(kind: string): Resource[] {
    return this.byKind.get(kind) ?? [];
  }

  /** A parsed YAML file by its path relative to the root. */
  file(path: string): YamlFile | undefined {
    return this.byPath.get(path);
  }

  /**
   * The text of any file of the repository (a generator's `.env` file, say), or null
   * when it is missing, unreadable, binary or outside the root.
   */
  readText(relativePath: string): string | null {
    const cached = this.texts.get(relativePath);
    if (cached !== undefined) return cached;
    const parsed = this.byPath.get(relativePath);
    let text: string | null = parsed ? parsed.source.text : null;
    if (!parsed && !isOutside(relativePath)) {
      const decoded = decodeText(this.tree.read(relativePath));
      text = typeof decoded === 'string' ? decoded : null;
    }
    this.texts.set(relativePath, text);
    return text;
  }

  /** The bytes of any file of the repository (a generator's binary file), or null when it is missing, unreadable or outside the root. */
  readBytes(relativePath: string): Buffer | null {
    if (isOutside(relativePath)) return null;
    const bytes = this.tree.read(relativePath);
    return isUnreadable(bytes) ? null : bytes;
  }

  /**
   * A YAML file of the repository, parsed: one that was linted, or one read now
   * because a kustomization names it although it was not among the linted paths.
   */
  yamlFile(relativePath: string): YamlFile | null {
    const linted = this.byPath.get(relativePath);
    if (linted) return linted;
    if (this.extraFiles.has(relativePath)) return this.extraFiles.get(relativePath)!;
    const text = this.readText(relativePath);
    const parsed = text === null ? null : parseYamlFile(relativePath, text);
    if (parsed) markSecrets(parsed);
    this.extraFiles.set(relativePath, parsed);
    return parsed;
  }

  /** What a repository-relative path is; never looks outside the root. */
  kindOfPath(relativePath: string): 'file' | 'directory' | null {
    if (isOutside(relativePath)) return null;
    const cached = this.pathKinds.get(relativePath);
    if (cached !== undefined) return cached;
    const stat = this.tree.stat(relativePath);
    const kind = stat === 'file' || stat === 'directory' ? stat : null;
    this.pathKinds.set(relativePath, kind);
    return kind;
  }

  /** The entries of a repository directory, sorted, without `.git` and `node_modules`. */
  listDirectory(relativePath: string): { name: string; directory: boolean }[] {
    const entries = this.tree.list(relativePath);
    return isUnreadable(entries) ? [] : entries.map((entry) => ({ name: entry.name, directory: entry.kind === 'directory' }));
  }

  get documentCount(): number {
    let count = 0;
    for (const file of this.files) count += file.documents.length;
    return count;
  }
}

function isOutside(relativePath: string): boolean {
  return relativePath === '..' || relativePath.startsWith('../') || path.isAbsolute(relativePath);
}

/** Reads and parses the discovered files. Never throws for a file's content. */
export async function loadRepository(tree: FileTree, found: string[], skipped: SkippedFile[]): Promise<Repository> {
  const files: YamlFile[] = [];
  const unreadable = [...skipped];
  const contents = await tree.readMany(found);
  found.forEach((file, index) => {
    const text = decodeText(contents[index]!);
    if (typeof text === 'string') files.push(parseYamlFile(file, text));
    else unreadable.push({ path: file, reason: text.reason });
  });
  return new Repository(tree, files, unreadable);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A file's text, or why it cannot be linted. */
function decodeText(bytes: Buffer | Unreadable): string | Unreadable {
  if (isUnreadable(bytes)) return bytes;
  if (bytes.subarray(0, 8192).includes(0)) return { reason: 'it is a binary file' };
  try {
    return utf8.decode(bytes);
  } catch {
    return { reason: 'it is not valid UTF-8 text' };
  }
}
