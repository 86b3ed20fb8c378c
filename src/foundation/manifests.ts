import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** A synthesized Kubernetes object together with the construct that produced it. */
export interface SynthesizedObject {
  readonly constructPath: string;
  readonly manifest: KubernetesManifest;
}

/** The parts of a manifest the whole-app checks read. */
export interface KubernetesManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [field: string]: any;
}

/** Every ApiObject under `root`, rendered exactly as synth writes it. */
export function synthesizedObjects(root: IConstruct): SynthesizedObject[] {
  return root.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .map((apiObject) => ({ constructPath: apiObject.node.path, manifest: apiObject.toJson() as KubernetesManifest }));
}

/** `group/Kind namespace/name`, the identity Kubernetes keys objects by. */
export function objectKey(manifest: KubernetesManifest): string {
  const group = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/')[0] : 'core';
  const namespace = manifest.metadata.namespace ? `${manifest.metadata.namespace}/` : '';
  return `${group}/${manifest.kind} ${namespace}${manifest.metadata.name}`;
}
