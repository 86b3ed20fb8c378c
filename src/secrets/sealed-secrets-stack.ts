import { ApiObject, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ContainerImage, SEALED_SECRETS_CONTROLLER_IMAGE } from '../config/images';
import { NAMESPACES } from '../config/namespaces';
import { SEALED_SECRETS_DEFAULTS, SEALED_SECRETS_NAMES, SEALED_SECRETS_PORTS } from '../config/sealed-secrets';
import { ClusterChart } from '../foundation/cluster-chart';
import { buildContainer } from '../foundation/containers';
import { requireThat } from '../foundation/errors';
import { ComponentIdentity, recommendedLabels, selectorLabels } from '../foundation/labels';
import { MetricsEndpoint, scrapeAnnotations } from '../foundation/metrics-endpoint';
import { buildPodTemplate, emptyDirVolume } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { ComputeResources } from '../foundation/resources';
import { createDeployment, createService } from '../foundation/workloads';
import { ComponentMixin } from '../monitoring/catalog/types';
import { checkovSkips } from '../policy/checkov-skips';
import { SEALED_SECRETS_COMPONENT, SEALED_SECRETS_MIXIN } from '../monitoring/catalog/sealed-secrets';
import { controllerNetworkPolicy } from './controller-network-policy';
import { grantControllerPermissions } from './controller-rbac';
import { keyRenewPeriodFlag } from './key-renewal';

/** The vendored upstream CRD the stack emits (same release line as the kubeseal the tests build). */
export const SEALED_SECRETS_CRD_FILE = 'sealedsecrets.bitnami.com.v0.36.6.yaml';

/** The image's own user (its Dockerfile's `USER 1001`) and upstream's fsGroup (nogroup). */
const CONTROLLER_USER = { runAsUser: 1001, runAsGroup: 65534, fsGroup: 65534 } as const;

const CONTAINER_NAME = 'controller';

export interface SealedSecretsStackProps {
  /**
   * How often the controller generates a new sealing key. Old keys are kept (they still unseal what
   * was sealed for them); new sealing uses the newest. `Duration.seconds(0)` turns renewal off.
   * @default 720h (30 days, upstream's default and the seed's)
   */
  readonly keyRenewPeriod?: Duration;
  /**
   * Requests and limits of the controller container.
   * @default 20m/250m CPU, 48Mi/128Mi memory (SEALED_SECRETS_DEFAULTS.resources)
   */
  readonly resources?: ComputeResources;
  /**
   * The controller image.
   * @default docker.io/bitnami/sealed-secrets-controller:0.36.1
   */
  readonly image?: ContainerImage;
  /**
   * Namespaces whose pods may scrape the controller's metrics port (its NetworkPolicy denies the rest).
   * @default ['monitoring']
   */
  readonly metricsScraperNamespaces?: string[];
}

/**
 * The Bitnami sealed-secrets controller, laid out as upstream ships it so `kubeseal` finds it with
 * its defaults: the SealedSecret CRD (in the cluster chart), the controller Deployment, its
 * ServiceAccount and RBAC, the `sealed-secrets-controller` Service (first port `http`, which
 * `kubeseal --fetch-cert` proxies to) and a metrics Service. Place it in the chart of the controller's
 * namespace (upstream's kube-system). One per cluster.
 */
export class SealedSecretsStack extends Construct {
  readonly identity: ComponentIdentity = { name: 'sealed-secrets', component: 'controller' };
  readonly namespace: string;
  /** The controller's name (Deployment, ServiceAccount, Service), kubeseal's `--controller-name`. */
  readonly controllerName: string = SEALED_SECRETS_NAMES.controller;
  readonly crd: ApiObject;
  readonly serviceAccount: WorkloadServiceAccount;
  readonly deployment: kplus.k8s.KubeDeployment;
  /** The Service kubeseal talks to (its first port is `http`). */
  readonly service: kplus.k8s.KubeService;
  readonly metricsService: kplus.k8s.KubeService;
  /** Default-deny plus the controller's own flows. */
  readonly networkPolicy: kplus.k8s.KubeNetworkPolicy;
  /** Where Prometheus scrapes the controller. */
  readonly metricsEndpoints: MetricsEndpoint[];
  /** The controller's metrics and alerts. */
  readonly mixin: ComponentMixin = SEALED_SECRETS_MIXIN;
  /** The `--key-renew-period` the controller runs with (`0h` when renewal is off). */
  readonly keyRenewPeriod: string;
  /** kubeseal flags that reach this controller (empty where kubeseal's defaults already do). */
  readonly kubesealFlags: string[];

  constructor(scope: Construct, id: string, props: SealedSecretsStackProps = {}) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    requireThat(this, namespace !== undefined, namespace, 'is the namespace of the chart holding the sealed-secrets controller', 'place SealedSecretsStack in a NamespaceChart (upstream uses kube-system)');
    this.namespace = namespace!;
    this.kubesealFlags = this.namespace === 'kube-system' ? [] : [`--controller-namespace=${this.namespace}`];
    this.keyRenewPeriod = keyRenewPeriodFlag(this, props.keyRenewPeriod ?? Duration.hours(SEALED_SECRETS_DEFAULTS.keyRenewHours));

    this.crd = this.addCustomResourceDefinition();

    this.serviceAccount = new WorkloadServiceAccount(this, 'service-account', { name: this.controllerName, identity: this.identity });
    grantControllerPermissions(this, this.serviceAccount, { identity: this.identity, serviceName: this.controllerName, proxyPortName: 'http' });

    this.deployment = createDeployment(this, 'deployment', {
      name: this.controllerName,
      identity: this.identity,
      // One controller at a time: two would race to generate the renewal key.
      strategy: 'Recreate',
      annotations: checkovSkips({ CKV_K8S_38: 'the controller watches SealedSecrets and writes Secrets through the Kubernetes API, so it needs its token' }),
      template: buildPodTemplate({
        identity: this.identity,
        serviceAccountName: this.serviceAccount.name,
        // It watches SealedSecrets and writes Secrets through the API.
        automountServiceAccountToken: true,
        user: CONTROLLER_USER,
        containers: [this.buildControllerContainer(props)],
        volumes: [emptyDirVolume('tmp', SEALED_SECRETS_DEFAULTS.tmpSizeMebibytes)],
      }),
    });

    this.service = createService(this, 'service', {
      name: this.controllerName,
      identity: this.identity,
      ports: [{ name: 'http', port: SEALED_SECRETS_PORTS.http }],
    });
    const metricsEndpoint: MetricsEndpoint = {
      job: SEALED_SECRETS_COMPONENT,
      namespace: this.namespace,
      serviceName: SEALED_SECRETS_NAMES.metricsService,
      portName: 'metrics',
      port: SEALED_SECRETS_PORTS.metrics,
      selector: selectorLabels(this.identity),
    };
    this.metricsService = createService(this, 'metrics-service', {
      name: SEALED_SECRETS_NAMES.metricsService,
      identity: this.identity,
      ports: [{ name: 'metrics', port: SEALED_SECRETS_PORTS.metrics }],
      annotations: scrapeAnnotations(metricsEndpoint),
    });
    this.metricsEndpoints = [metricsEndpoint];

    this.networkPolicy = controllerNetworkPolicy(this, 'network-policy', {
      name: this.controllerName,
      identity: this.identity,
      httpPort: SEALED_SECRETS_PORTS.http,
      metricsPort: SEALED_SECRETS_PORTS.metrics,
      metricsScraperNamespaces: props.metricsScraperNamespaces ?? [NAMESPACES.monitoring],
    });
  }

  private addCustomResourceDefinition(): ApiObject {
    const cluster = ClusterChart.of(this);
    const existing = cluster.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'CustomResourceDefinition' && c.metadata.name === 'sealedsecrets.bitnami.com');
    requireThat(this, existing === undefined, 'SealedSecretsStack', 'is declared twice in one app (there is one controller and one SealedSecret CRD per cluster)', 'keep a single SealedSecretsStack');
    const crd = cluster.addCustomResourceDefinition('sealedsecrets.bitnami.com', SEALED_SECRETS_CRD_FILE);
    for (const [key, value] of Object.entries(recommendedLabels(this.identity))) {
      crd.metadata.addLabel(key, value);
    }
    return crd;
  }

  private buildControllerContainer(props: SealedSecretsStackProps): kplus.k8s.Container {
    const healthz = (timing?: Parameters<typeof httpProbe>[2]) => httpProbe('/healthz', 'http', timing);
    return buildContainer(this, {
      name: CONTAINER_NAME,
      image: props.image ?? SEALED_SECRETS_CONTROLLER_IMAGE,
      command: ['controller'],
      args: [
        '--update-status',
        `--key-prefix=${SEALED_SECRETS_NAMES.keyPrefix}`,
        `--key-renew-period=${this.keyRenewPeriod}`,
        `--listen-addr=:${SEALED_SECRETS_PORTS.http}`,
        `--listen-metrics-addr=:${SEALED_SECRETS_PORTS.metrics}`,
        // One JSON object per line, so Fluentd keeps the fields (level, msg, …) as fields.
        '--log-format=json',
      ],
      env: [
        // The Go runtime sizes its threads and heap target to the container, not the node.
        { name: 'GOMAXPROCS', valueFrom: { resourceFieldRef: { containerName: CONTAINER_NAME, resource: 'limits.cpu' } } },
        { name: 'GOMEMLIMIT', valueFrom: { resourceFieldRef: { containerName: CONTAINER_NAME, resource: 'limits.memory' } } },
      ],
      ports: [
        { name: 'http', port: SEALED_SECRETS_PORTS.http },
        { name: 'metrics', port: SEALED_SECRETS_PORTS.metrics },
      ],
      resources: props.resources ?? SEALED_SECRETS_DEFAULTS.resources,
      probes: {
        // The HTTP server starts only after the first sealing key exists: on a fresh cluster the
        // controller generates a 4096-bit RSA key first, which takes a while at a 250m CPU limit.
        startup: healthz({ periodSeconds: 2, failureThreshold: 90 }),
        liveness: healthz(),
        readiness: healthz(),
      },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    });
  }
}
