/**
 * The only departures from the policy rules the platform allows, each with its reason. An exception
 * names the rule, the object (namespace, kind, name) and, for container rules, the container. The
 * gauntlet fails on a finding without an exception AND on an exception that no longer matches
 * anything, so this list never outlives the reason it was written for.
 */
export interface PolicyException {
  readonly rule: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  /** Omit for pod- or object-level rules. */
  readonly container?: string;
  /** Why the departure is necessary and what limits it. */
  readonly reason: string;
}

export const POLICY_EXCEPTIONS: PolicyException[] = [];
