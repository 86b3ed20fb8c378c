import { IConstruct } from 'constructs';

/**
 * A mistake in the props a user wrote, reported at synth time. The message always names the
 * construct path, the offending value, the rule it broke and how to fix it, so nothing reaches
 * the cluster that would only fail there.
 */
export class PlatformConfigError extends Error {
  constructor(
    readonly constructPath: string,
    readonly value: unknown,
    readonly rule: string,
    readonly fix: string,
  ) {
    super(`${constructPath}: ${describeValue(value)} ${rule}; ${fix}`);
    this.name = 'PlatformConfigError';
  }
}

/** Throws a {@link PlatformConfigError} for `scope` when `condition` is false. */
export function requireThat(
  scope: IConstruct,
  condition: boolean,
  value: unknown,
  rule: string,
  fix: string,
): void {
  if (!condition) {
    throw new PlatformConfigError(scope.node.path || '<app>', value, rule, fix);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  return String(value);
}
