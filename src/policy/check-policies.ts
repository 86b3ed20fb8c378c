import { KubernetesManifest } from '../foundation/manifests';
import { PolicyException, POLICY_EXCEPTIONS } from './exceptions';
import { PolicyFinding } from './finding';
import { POLICY_RULES, PolicyRule } from './rules';

/** The outcome of the policy rules over a set of manifests. */
export interface PolicyResult {
  /** Findings no exception covers: each one fails the gauntlet. */
  readonly violations: PolicyFinding[];
  /** Findings covered by an exception, with that exception's reason. */
  readonly excepted: Array<PolicyFinding & { reason: string }>;
  /** Exceptions that matched nothing (stale: remove them). */
  readonly unusedExceptions: PolicyException[];
  /** Rule evaluations performed (rules × objects). */
  readonly checks: number;
}

function matches(exception: PolicyException, finding: PolicyFinding): boolean {
  return exception.rule === finding.rule && exception.kind === finding.kind && exception.name === finding.name
    && exception.namespace === (finding.namespace ?? '') && (exception.container === undefined || exception.container === finding.container);
}

/** Runs every policy rule over `manifests`, applying `exceptions` (the platform's own by default). */
export function checkPolicies(manifests: KubernetesManifest[], exceptions: PolicyException[] = POLICY_EXCEPTIONS, rules: PolicyRule[] = POLICY_RULES): PolicyResult {
  const context = { manifests };
  const findings: PolicyFinding[] = [];
  for (const manifest of manifests) {
    for (const rule of rules) {
      for (const partial of rule.check(manifest, context)) {
        const namespace = manifest.metadata.namespace;
        findings.push({
          ...partial,
          rule: rule.id,
          kind: manifest.kind,
          name: manifest.metadata.name,
          namespace,
          object: `${manifest.kind} ${namespace ? `${namespace}/` : ''}${manifest.metadata.name}`,
        });
      }
    }
  }
  const used = new Set<PolicyException>();
  const violations: PolicyFinding[] = [];
  const excepted: Array<PolicyFinding & { reason: string }> = [];
  for (const finding of findings) {
    const exception = exceptions.find((e) => matches(e, finding));
    if (exception) {
      used.add(exception);
      excepted.push({ ...finding, reason: exception.reason });
    } else {
      violations.push(finding);
    }
  }
  return { violations, excepted, unusedExceptions: exceptions.filter((e) => !used.has(e)), checks: manifests.length * rules.length };
}

/** One line per finding, for test failure messages. */
export function describeFindings(findings: PolicyFinding[]): string {
  return findings.map((f) => `${f.rule}: ${f.object}${f.container ? ` container "${f.container}"` : ''} ${f.message}`).join('\n');
}
