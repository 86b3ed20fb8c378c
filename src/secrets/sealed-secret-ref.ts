import * as kplus from 'cdk8s-plus-28';

/**
 * A Secret that will exist in the cluster once the controller unseals its SealedSecret. Stacks take
 * credentials only through these handles, so a missing key fails at synth, not in a crash-looping pod.
 */
export interface SealedSecretRef {
  readonly secretName: string;
  readonly namespace: string;
  /** The keys the Secret is guaranteed to hold. */
  readonly keys: readonly string[];
}

function requireKey(ref: SealedSecretRef, key: string): void {
  if (!ref.keys.includes(key)) {
    throw new Error(`secret ${ref.namespace}/${ref.secretName} has no key "${key}" (it has ${ref.keys.join(', ')}); add the key to its requirement and re-seal it`);
  }
}

/** An environment variable read from one key of the secret. */
export function secretEnv(ref: SealedSecretRef, key: string, envName: string = key): kplus.k8s.EnvVar {
  requireKey(ref, key);
  return { name: envName, valueFrom: { secretKeyRef: { name: ref.secretName, key } } };
}

/** One file of a secret volume: a key alone is the file of the same name. */
export type SecretFile = string | { key: string; path: string };

/** A volume with the secret's keys as read-only files (owner and group read); without `files`, every key. */
export function secretVolume(ref: SealedSecretRef, volumeName: string, files?: readonly SecretFile[], defaultMode = 0o440): kplus.k8s.Volume {
  const items = files?.map((file) => (typeof file === 'string' ? { key: file, path: file } : file));
  for (const item of items ?? []) {
    requireKey(ref, item.key);
  }
  return { name: volumeName, secret: { secretName: ref.secretName, defaultMode, ...(items ? { items } : {}) } };
}
