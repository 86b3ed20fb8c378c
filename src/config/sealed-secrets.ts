import { compute } from '../foundation/resources';

/** The sealed-secrets controller's seed settings (each one is a prop of `SealedSecretsStack`). */
export const SEALED_SECRETS_DEFAULTS = {
  /**
   * Requests and limits of the controller. It idles at ~20–30Mi as an informer over SealedSecrets; CPU
   * spikes only while it generates a 4096-bit key (at start and every renewal), which the limit
   * absorbs. GOMAXPROCS and GOMEMLIMIT follow the limits.
   */
  resources: compute(20, 250, 48, 128),
  /** The controller generates a new sealing key this often (upstream's default, the seed's 30 days). */
  keyRenewHours: 720,
  /** Renewal more often than daily piles up key Secrets, which are never deleted. */
  minimumKeyRenewHours: 24,
  /** Size of the emptyDir mounted at /tmp (the image writes nothing else). */
  tmpSizeMebibytes: 16,
} as const;

/** The upstream names kubeseal looks for by default (`--controller-name`, the metrics Service, key Secrets). */
export const SEALED_SECRETS_NAMES = {
  controller: 'sealed-secrets-controller',
  metricsService: 'sealed-secrets-controller-metrics',
  /** `--key-prefix`: the controller names the key Secrets it generates `sealed-secrets-key<random>`. */
  keyPrefix: 'sealed-secrets-key',
  /** The name `scripts/sealing-key.sh install` gives a key pair brought from outside. */
  installedKey: 'sealed-secrets-key-installed',
  /** The label that makes the controller load a TLS Secret of its namespace as a sealing key. */
  keyLabel: 'sealedsecrets.bitnami.com/sealed-secrets-key',
} as const;

/** The controller's ports (the first Service port is the one kubeseal's service proxy goes through). */
export const SEALED_SECRETS_PORTS = {
  http: 8080,
  metrics: 8081,
} as const;
