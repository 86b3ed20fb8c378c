import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SEALED_SECRETS_DEFAULTS } from '../config/sealed-secrets';
import { requireThat } from '../foundation/errors';

/**
 * Checks the controller's key renewal period and renders it as a Go duration for `--key-renew-period`.
 * Zero turns renewal off (a key brought with scripts/sealing-key.sh then stays the sealing key);
 * anything else must be at least a day, because every renewal adds a key Secret that is never deleted.
 */
export function keyRenewPeriodFlag(scope: IConstruct, period: Duration): string {
  const seconds = period.toSeconds();
  const minimum = SEALED_SECRETS_DEFAULTS.minimumKeyRenewHours;
  requireThat(scope, Number.isInteger(seconds) && seconds >= 0, `${seconds}s`, 'is not a whole number of seconds for the key renewal period',
    'use e.g. Duration.hours(720), or Duration.seconds(0) to turn renewal off');
  requireThat(scope, seconds === 0 || seconds >= minimum * 3600, `${seconds / 3600}h`,
    `is a key renewal period under ${minimum}h (each renewal adds a sealing key Secret that the controller never deletes)`,
    `renew at most daily, e.g. Duration.hours(${SEALED_SECRETS_DEFAULTS.keyRenewHours}), or Duration.seconds(0) to turn renewal off`);
  if (seconds % 3600 === 0) {
    return `${seconds / 3600}h`;
  }
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}
