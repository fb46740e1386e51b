import { realpathSync } from 'node:fs';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

/** A git problem the user can fix: not a work tree, an unknown revision, a hook in the way. */
export class GitError extends Error {}

/** The git work tree around a directory, and the git commands fluxlint runs in it. */
export class Git {
  private constructor(
    /** Absolute, real path of the work tree's top level. */
    readonly top: string,
    private readonly git: SimpleGit,
  ) {}

  /** The work tree around `dir`; a GitError when there is none. */
  static async open(dir: string): Promise<Git> {
    let top: string;
    try {
      top = (await simpleGit({ baseDir: dir }).revparse(['--show-toplevel'])).trim();
    } catch {
      top = '';
    }
    if (!top) throw new GitError(`${dir} is not inside a git work tree`);
    return new Git(realpathSync(top), simpleGit({ baseDir: top }));
  }

  /** Runs git in the top level and returns its output; a failure throws. */
  run(args: string[]): Promise<string> {
    return this.git.raw(args);
  }

  /** Runs git and returns its output, or null when git fails. */
  async attempt(args: string[]): Promise<string | null> {
    try {
      return await this.run(args);
    } catch {
      return null;
    }
  }

  /** Paths printed by a command run with `-z`, relative to the top level. */
  async paths(args: string[]): Promise<string[]> {
    return (await this.run(args)).split('\0').filter(Boolean);
  }

  /** The commit a revision names, or null when it names none (or the object is not in this clone). */
  async commit(revision: string): Promise<string | null> {
    const sha = await this.attempt(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
    return sha?.trim() || null;
  }

  /** Where `absolute` (a real path) is inside the work tree, as a prefix ('' for the top), or null outside it. */
  prefixOf(absolute: string): string | null {
    const relative = path.relative(this.top, realpathSync(absolute)).split(path.sep).join('/');
    return relative === '..' || relative.startsWith('../') || path.isAbsolute(relative) ? null : relative;
  }
}
