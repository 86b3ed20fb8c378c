import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ComponentIdentity, recommendedLabels } from './labels';
import { validateObjectName } from './names';

/** Options for {@link objectMeta}. */
export interface ObjectMetaOptions {
  readonly annotations?: Record<string, string>;
  /** Labels beyond the recommended four. */
  readonly extraLabels?: Record<string, string>;
  /** Set only for objects placed outside their chart's namespace. */
  readonly namespace?: string;
}

/** Metadata with an explicit, validated name and the recommended labels of `identity`. */
export function objectMeta(scope: IConstruct, name: string, identity: ComponentIdentity, options: ObjectMetaOptions = {}): kplus.k8s.ObjectMeta {
  return {
    name: validateObjectName(scope, name),
    ...(options.namespace ? { namespace: options.namespace } : {}),
    labels: { ...recommendedLabels(identity), ...options.extraLabels },
    ...(options.annotations && Object.keys(options.annotations).length ? { annotations: options.annotations } : {}),
  };
}
