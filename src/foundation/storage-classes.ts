import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { STORAGE_CLASSES } from '../config/storage';
import { PLATFORM_IDENTITY } from './cluster-chart';
import { objectMeta } from './metadata';

/** Kind's bundled dynamic provisioner: volumes are directories on the node that runs the pod. */
export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';

export interface StorageClassesProps {
  /** @default 'standard' (kind's own default class, declared identically so the manifest documents it) */
  readonly defaultClassName?: string;
  /** @default 'local-path-retain' */
  readonly retainedClassName?: string;
}

/**
 * The two StorageClasses: kind's default (reclaim Delete) for scratch data, and a retained class for
 * critical data (metadata DB, metrics, logs, backups) whose volumes survive deletion of their claim.
 * Both bind on first consumer, so local-path creates the directory on the node the pod lands on.
 */
export class StorageClasses extends Construct {
  readonly defaultClassName: string;
  readonly retainedClassName: string;

  constructor(scope: Construct, id: string, props: StorageClassesProps = {}) {
    super(scope, id);
    this.defaultClassName = props.defaultClassName ?? STORAGE_CLASSES.kindDefault;
    this.retainedClassName = props.retainedClassName ?? STORAGE_CLASSES.retained;
    const identity = { ...PLATFORM_IDENTITY, component: 'storage' };
    new kplus.k8s.KubeStorageClass(this, 'default', {
      metadata: objectMeta(this, this.defaultClassName, identity, {
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      }),
      provisioner: LOCAL_PATH_PROVISIONER,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    new kplus.k8s.KubeStorageClass(this, 'retained', {
      metadata: objectMeta(this, this.retainedClassName, identity, {
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' },
      }),
      provisioner: LOCAL_PATH_PROVISIONER,
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  }
}
