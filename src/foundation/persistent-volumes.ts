import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { STORAGE_CLASSES } from '../config/storage';
import { requireThat } from './errors';
import { ComponentIdentity } from './labels';
import { objectMeta } from './metadata';

export interface PersistentVolumeProps {
  /** The claim's explicit name. */
  readonly name: string;
  readonly identity: ComponentIdentity;
  readonly size: Size;
  /** @default the retained local-path class */
  readonly storageClassName?: string;
}

/** Converts a size prop to a whole-Gi or whole-Mi quantity after checking it is positive. */
export function storageQuantity(scope: Construct, size: Size, what: string): kplus.k8s.Quantity {
  const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR });
  requireThat(scope, mebibytes > 0, `${mebibytes}Mi`, `is not a positive size for ${what}`, 'use a positive size such as Size.gibibytes(2)');
  return kplus.k8s.Quantity.fromString(mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`);
}

/** The `volumeClaimTemplates` entry of a StatefulSet, on the retained class unless told otherwise. */
export function volumeClaimTemplate(scope: Construct, claimName: string, identity: ComponentIdentity, size: Size, storageClassName: string = STORAGE_CLASSES.retained): kplus.k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: objectMeta(scope, claimName, identity),
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName,
      resources: { requests: { storage: storageQuantity(scope, size, `volume claim "${claimName}"`) } },
    },
  };
}

/** A standalone ReadWriteOnce claim (e.g. the backup volume), on the retained class unless told otherwise. */
export class PersistentVolume extends Construct {
  readonly claimName: string;

  constructor(scope: Construct, id: string, props: PersistentVolumeProps) {
    super(scope, id);
    this.claimName = props.name;
    const template = volumeClaimTemplate(this, props.name, props.identity, props.size, props.storageClassName);
    new kplus.k8s.KubePersistentVolumeClaim(this, 'Resource', template);
  }

  /** A pod volume that mounts this claim. */
  asVolume(volumeName: string, readOnly = false): kplus.k8s.Volume {
    return { name: volumeName, persistentVolumeClaim: { claimName: this.claimName, readOnly } };
  }
}
