import * as kplus from 'cdk8s-plus-28';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ContainerImage } from '../config/images';
import { buildContainer } from '../foundation/containers';
import { ComponentIdentity, selectorLabels } from '../foundation/labels';
import { MetricsEndpoint, scrapeAnnotations } from '../foundation/metrics-endpoint';
import { buildPodTemplate } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { ComputeResources } from '../foundation/resources';
import { createDeployment, createService } from '../foundation/workloads';
import { SealedSecretRef, secretVolume } from '../secrets/sealed-secret-ref';
import { shellQuote } from './api-setup-script';
import { elasticsearchCaFile } from './elasticsearch-certificates';

/** The exporter's port (its default since v1.1). */
export const ELASTICSEARCH_EXPORTER_PORT = 9114;

const TLS_DIR = '/etc/elasticsearch-exporter/elasticsearch-tls';
const CREDENTIALS_DIR = '/etc/elasticsearch-exporter/credentials';

export interface ElasticsearchExporterProps {
  readonly image: ContainerImage;
  readonly resources: ComputeResources;
  readonly elasticsearchUrl: string;
  readonly tlsSecretName: string;
  readonly credentials: SealedSecretRef;
  readonly username: string;
  readonly passwordKey: string;
}

/**
 * prometheus-community's elasticsearch_exporter: cluster health, node, JVM and filesystem metrics,
 * read over verified TLS as the `elasticsearch-exporter` user (cluster monitor only). Its Prometheus
 * job is `elasticsearch`, the catalog component of these metrics.
 */
export class ElasticsearchExporter extends Construct {
  static readonly IDENTITY: ComponentIdentity = { name: 'elasticsearch-exporter', component: 'metrics' };

  readonly service: kplus.k8s.KubeService;
  readonly deployment: kplus.k8s.KubeDeployment;
  readonly metricsEndpoint: MetricsEndpoint;

  constructor(scope: Construct, id: string, props: ElasticsearchExporterProps) {
    super(scope, id);
    const identity = ElasticsearchExporter.IDENTITY;
    const name = 'elasticsearch-exporter';
    this.metricsEndpoint = {
      job: 'elasticsearch',
      namespace: Chart.of(this).namespace!,
      serviceName: name,
      portName: 'metrics',
      port: ELASTICSEARCH_EXPORTER_PORT,
      path: '/metrics',
      selector: selectorLabels(identity),
    };
    this.service = createService(this, 'Service', {
      name,
      identity,
      ports: [{ name: 'metrics', port: ELASTICSEARCH_EXPORTER_PORT }],
      annotations: scrapeAnnotations(this.metricsEndpoint),
    });
    const account = new WorkloadServiceAccount(this, 'ServiceAccount', { name, identity });
    const ca = elasticsearchCaFile(props.tlsSecretName, TLS_DIR);
    const container = buildContainer(this, {
      name: 'exporter',
      image: props.image,
      // The exporter reads its password from ES_PASSWORD only: the wrapper exports it from the secret file.
      command: ['/bin/sh', '-c', `ES_PASSWORD=$(cat ${shellQuote(`${CREDENTIALS_DIR}/${props.passwordKey}`)}); export ES_PASSWORD; exec /bin/elasticsearch_exporter "$@"`, 'elasticsearch_exporter'],
      args: [
        `--es.uri=${props.elasticsearchUrl}`,
        `--es.ca=${ca.path}`,
        '--es.timeout=10s',
        `--web.listen-address=:${ELASTICSEARCH_EXPORTER_PORT}`,
        '--log.format=json',
      ],
      env: [{ name: 'ES_USERNAME', value: props.username }],
      ports: [{ name: 'metrics', port: ELASTICSEARCH_EXPORTER_PORT }],
      resources: props.resources,
      probes: {
        readiness: httpProbe('/healthz', 'metrics'),
        liveness: httpProbe('/healthz', 'metrics', { periodSeconds: 30 }),
      },
      volumeMounts: [
        ca.volumeMount,
        { name: 'credentials', mountPath: CREDENTIALS_DIR, readOnly: true },
      ],
    });
    this.deployment = createDeployment(this, 'Deployment', {
      name,
      identity,
      template: buildPodTemplate({
        identity,
        serviceAccountName: account.name,
        automountServiceAccountToken: false,
        // The image's nobody user.
        user: { runAsUser: 65534, runAsGroup: 65534 },
        containers: [container],
        volumes: [
          ca.volume,
          secretVolume(props.credentials, 'credentials', [props.passwordKey]),
        ],
      }),
    });
  }
}
