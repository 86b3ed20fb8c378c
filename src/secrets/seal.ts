import { SealingCertificate } from './sealing-certificate';
import { hybridEncrypt } from './hybrid-encryption';
import { encryptionLabel, SealingScope, scopeAnnotations } from './scope';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Keys of a Secret's data: what Kubernetes accepts (and env files can express). */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

export interface SealOptions {
  readonly namespace: string;
  readonly name: string;
  /** @default SealingScope.STRICT */
  readonly scope?: SealingScope;
  /** Labels of the Secret the controller creates. */
  readonly labels?: Record<string, string>;
  /** Annotations of the Secret the controller creates. */
  readonly annotations?: Record<string, string>;
  /** @default 'Opaque' */
  readonly type?: string;
}

/** A SealedSecret manifest as kubeseal writes it. */
export interface SealedSecretManifest {
  apiVersion: 'bitnami.com/v1alpha1';
  kind: 'SealedSecret';
  metadata: { name: string; namespace: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: {
    encryptedData: Record<string, string>;
    template: { metadata: { name: string; namespace: string; annotations?: Record<string, string>; labels?: Record<string, string> }; type: string };
  };
}

/** Checks names, keys and values the way the API server (and kubeseal) would, with the fix in each message. */
export function validateSealInput(values: Record<string, string | Buffer>, options: SealOptions): void {
  const where = `${options.namespace}/${options.name}`;
  if (!(options.name.length <= 253 && DNS_SUBDOMAIN.test(options.name))) {
    throw new Error(`secret name "${options.name}" is not a valid Kubernetes name (lowercase letters, digits, '-' and '.'); rename it, e.g. "${options.name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}"`);
  }
  if (!(options.namespace.length <= 63 && DNS_LABEL.test(options.namespace))) {
    throw new Error(`namespace "${options.namespace}" of secret ${options.name} is not a valid namespace name (lowercase letters, digits and '-')`);
  }
  const keys = Object.keys(values);
  if (keys.length === 0) {
    throw new Error(`secret ${where} has no values; give at least one key=value`);
  }
  for (const key of keys) {
    if (!SECRET_KEY.test(key)) {
      throw new Error(`key "${key}" of secret ${where} is not a valid Secret key (letters, digits, '-', '_' and '.')`);
    }
    if (values[key].length === 0) {
      throw new Error(`value of key "${key}" in secret ${where} is empty; an empty credential is almost always a mistake — set a value or drop the key`);
    }
  }
}

/** Encrypts one value for `namespace/name` under `scope`, as `kubeseal --raw` does. */
export function sealValue(certificate: SealingCertificate, value: string | Buffer, options: Pick<SealOptions, 'namespace' | 'name' | 'scope'>): string {
  const label = encryptionLabel(options.scope ?? SealingScope.STRICT, options.namespace, options.name);
  return hybridEncrypt(certificate.publicKey, Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'), label).toString('base64');
}

/**
 * Seals `values` into a SealedSecret for the controller holding `certificate`'s private key — the
 * same object `kubeseal --cert` writes: each value encrypted on its own, the scope annotations on both
 * the top-level metadata (which the controller reads) and the template (which becomes the Secret).
 */
export function seal(certificate: SealingCertificate, values: Record<string, string | Buffer>, options: SealOptions): SealedSecretManifest {
  validateSealInput(values, options);
  const scope = options.scope ?? SealingScope.STRICT;
  const annotations = { ...options.annotations, ...scopeAnnotations(scope) };
  const hasAnnotations = Object.keys(annotations).length > 0;
  const topLevelAnnotations = scopeAnnotations(scope);
  const encryptedData = Object.fromEntries(Object.keys(values).sort().map((key) => [key, sealValue(certificate, values[key], { ...options, scope })]));
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      ...(Object.keys(topLevelAnnotations).length ? { annotations: topLevelAnnotations } : {}),
      ...(options.labels ? { labels: options.labels } : {}),
    },
    spec: {
      encryptedData,
      template: {
        metadata: {
          name: options.name,
          namespace: options.namespace,
          ...(hasAnnotations ? { annotations } : {}),
          ...(options.labels ? { labels: options.labels } : {}),
        },
        type: options.type ?? 'Opaque',
      },
    },
  };
}
