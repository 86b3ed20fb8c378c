/** One place a manifest breaks a policy rule. */
export interface PolicyFinding {
  readonly rule: string;
  /** `Kind namespace/name`. */
  readonly object: string;
  readonly namespace?: string;
  readonly name: string;
  readonly kind: string;
  /** The container concerned, when the rule is about one. */
  readonly container?: string;
  readonly message: string;
}
