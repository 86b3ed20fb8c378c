/**
 * Sealing scopes, as kubeseal defines them. The scope decides which names a sealed value may be
 * unsealed under, by way of the RSA-OAEP label the session key is encrypted with.
 */
export enum SealingScope {
  /** Only as this exact namespace and name (label `namespace/name`). kubeseal's default. */
  STRICT = 'strict',
  /** Under any name in this namespace (label `namespace`). */
  NAMESPACE_WIDE = 'namespace-wide',
  /** Under any name in any namespace (empty label). */
  CLUSTER_WIDE = 'cluster-wide',
}

export const NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide';
export const CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide';

/** Parses a scope name as kubeseal's `--scope` does, with a clear error for anything else. */
export function parseScope(value: string): SealingScope {
  const scope = Object.values(SealingScope).find((s) => s === value);
  if (!scope) {
    throw new Error(`unknown sealing scope "${value}"; use one of ${Object.values(SealingScope).join(', ')}`);
  }
  return scope;
}

/** The OAEP label of a scope (pkg/apis/sealedsecrets/v1alpha1 EncryptionLabel: note the slash for strict). */
export function encryptionLabel(scope: SealingScope, namespace: string, name: string): Buffer {
  switch (scope) {
    case SealingScope.STRICT:
      return Buffer.from(`${namespace}/${name}`, 'utf8');
    case SealingScope.NAMESPACE_WIDE:
      return Buffer.from(namespace, 'utf8');
    case SealingScope.CLUSTER_WIDE:
      return Buffer.alloc(0);
  }
}

/** The annotations kubeseal writes for a scope (none for strict). */
export function scopeAnnotations(scope: SealingScope): Record<string, string> {
  switch (scope) {
    case SealingScope.STRICT:
      return {};
    case SealingScope.NAMESPACE_WIDE:
      return { [NAMESPACE_WIDE_ANNOTATION]: 'true' };
    case SealingScope.CLUSTER_WIDE:
      return { [CLUSTER_WIDE_ANNOTATION]: 'true' };
  }
}

/** The scope the controller reads off a SealedSecret's top-level annotations (cluster-wide wins). */
export function scopeOf(annotations: Record<string, string> | undefined): SealingScope {
  if (annotations?.[CLUSTER_WIDE_ANNOTATION] === 'true') {
    return SealingScope.CLUSTER_WIDE;
  }
  return annotations?.[NAMESPACE_WIDE_ANNOTATION] === 'true' ? SealingScope.NAMESPACE_WIDE : SealingScope.STRICT;
}
