import type { Location, RelatedLocation, Severity } from '../diagnostic.js';
import type { Repository } from '../model/repository.js';
import type { EssSettings } from './config.js';
import type { Resource } from '../model/resource.js';
import type { YamlDocument } from '../yaml/document.js';
import type { YamlFile } from '../yaml/file.js';

/** What a rule says about itself; its documentation page (docs/rules/) and SARIF rule metadata are made from it. */
export interface RuleMeta {
  /** `pack/name`. */
  id: string;
  severity: Severity;
  /**
   * The rule checks what Flux deploys (references, builds, schemas of applied
   * objects): its findings in files no entry point reaches are summarized as
   * `flux/unreached` unless `lintUnreached` is set. Rules about files as such
   * (YAML syntax, secret exposure) leave it unset and report everywhere.
   */
  deployment?: boolean;
  /** One line: what the rule finds. */
  description: string;
  docs: {
    /** Why it matters, in a sentence or two. */
    rationale: string;
    /** YAML that the rule reports. */
    bad: string;
    /** The same, fixed. */
    good: string;
    /** How to silence the rule, for a rule whose findings a disable comment cannot silence. */
    suppression?: string;
  };
}

/** What a rule reports; the engine adds the rule id and the configured severity. */
export interface Finding {
  message: string;
  location: Location;
  related?: RelatedLocation[];
  fix?: string;
  /** A rule whose severity depends on the finding may say so; configuration still wins. */
  severity?: Severity;
}

export interface RuleContext {
  repository: Repository;
  report(finding: Finding): void;
  /** Whether the configuration lists an object as existing outside the repository (`external`). */
  external(kind: string, namespace: string, name: string): boolean;
  /** The settings of the ESS rules (`ess` in the configuration). */
  ess: EssSettings;
}

/**
 * The hooks a rule may implement. The engine walks the repository once, file by
 * file, and calls each hook where it applies; `repository` runs last, for rules
 * that look across files.
 */
export interface RuleVisitor {
  file?(file: YamlFile): void;
  document?(document: YamlDocument, file: YamlFile): void;
  resource?(resource: Resource): void;
  repository?(): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}
