import { Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { RETENTION_DEFAULTS } from '../config/monitoring';
import { requireThat } from '../foundation/errors';

/** How long and how much Prometheus keeps. */
export interface Retention {
  /** A Prometheus duration, e.g. `15d`. */
  readonly time: string;
  /** The size limit in mebibytes. */
  readonly sizeMebibytes: number;
  /** The size limit as Prometheus writes it (`MB` are powers of two for Prometheus, so `8704MB` = 8.5 GiB). */
  readonly sizeText: string;
}

const DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;

/**
 * Retention by time AND size. The size defaults to 85% of the data volume and may not exceed it: the WAL and
 * head chunks live on the same volume, and a TSDB that fills its disk stops ingesting. Prometheus reads
 * Kubernetes-style units (`Gi`) as errors, so the size is written in its own base-2 `MB`.
 */
export function resolveRetention(scope: IConstruct, storage: Size, time: string = RETENTION_DEFAULTS.time, size?: Size): Retention {
  requireThat(scope, time !== '' && DURATION.test(time), time, 'is not a Prometheus retention duration', 'write it like 15d, 2w or 36h');
  const volumeMebibytes = storage.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR });
  const ceiling = Math.floor(volumeMebibytes * RETENTION_DEFAULTS.maxVolumeFraction);
  const sizeMebibytes = size ? size.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR }) : ceiling;
  requireThat(scope, sizeMebibytes > 0, `${sizeMebibytes}Mi`, 'is not a positive retention size', 'give a size of at least Size.mebibytes(1)');
  requireThat(scope, sizeMebibytes <= ceiling, `${sizeMebibytes}Mi`,
    `exceeds ${Math.round(RETENTION_DEFAULTS.maxVolumeFraction * 100)}% of its ${volumeMebibytes}Mi volume (${ceiling}Mi), leaving no room for the WAL and compaction`,
    'lower retentionSize or raise storage');
  return { time, sizeMebibytes, sizeText: `${sizeMebibytes}MB` };
}
