import * as crypto from 'node:crypto';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AIRFLOW_PORTS } from '../config/airflow';
import { ContainerImage } from '../config/images';
import { buildContainer, ContainerPortSpec } from '../foundation/containers';
import { selectorLabels } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { MetricsEndpoint, scrapeAnnotations } from '../foundation/metrics-endpoint';
import { buildPodTemplate } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { createDeployment, createService } from '../foundation/workloads';
import { StatsdMetricDefinition } from '../monitoring/catalog/airflow';
import { AIRFLOW_SERVICES, airflowIdentity, serviceHost } from './component-context';
import { statsdMappingYaml } from './statsd-mapping';

export interface StatsdExporterProps {
  readonly image: ContainerImage;
  readonly resources: ComputeResources;
  readonly metrics: readonly StatsdMetricDefinition[];
}

const MAPPING_DIR = '/etc/statsd-exporter';

/**
 * Prometheus' statsd_exporter beside Airflow: Airflow (and the DAGs) send statsd over UDP to
 * `airflow-statsd:9125`; Prometheus scrapes `airflow-statsd:9102`. The mapping comes from the catalog.
 */
export class StatsdExporter extends Construct {
  readonly serviceName = AIRFLOW_SERVICES.statsd;
  /** Host Airflow sends statsd to. */
  readonly host: string;
  readonly ingestPort = AIRFLOW_PORTS.statsdIngest;
  readonly metricsEndpoint: MetricsEndpoint;

  constructor(scope: Construct, id: string, props: StatsdExporterProps) {
    super(scope, id);
    const identity = airflowIdentity('statsd-exporter');
    const namespace = Chart.of(this).namespace!;
    this.host = serviceHost(this.serviceName, namespace);
    const mapping = statsdMappingYaml(props.metrics);
    const mappingsConfigMap = 'airflow-statsd-mappings';
    new kplus.k8s.KubeConfigMap(this, 'mappings', {
      metadata: objectMeta(this, mappingsConfigMap, identity),
      data: { 'mappings.yml': mapping },
    });
    const account = new WorkloadServiceAccount(this, 'service-account', { name: 'airflow-statsd', identity });
    // The same ports on the container and the Service: statsd in over UDP, metrics out over HTTP.
    const ports: ContainerPortSpec[] = [
      { name: 'statsd', port: AIRFLOW_PORTS.statsdIngest, protocol: 'UDP' },
      { name: 'metrics', port: AIRFLOW_PORTS.statsdMetrics },
    ];
    const container = buildContainer(this, {
      name: 'statsd-exporter',
      image: props.image,
      args: [
        `--statsd.mapping-config=${MAPPING_DIR}/mappings.yml`,
        `--statsd.listen-udp=:${AIRFLOW_PORTS.statsdIngest}`,
        // Airflow sends UDP only.
        '--statsd.listen-tcp=',
        `--web.listen-address=:${AIRFLOW_PORTS.statsdMetrics}`,
      ],
      ports,
      resources: props.resources,
      probes: { readiness: httpProbe('/-/ready', 'metrics'), liveness: httpProbe('/-/healthy', 'metrics', { periodSeconds: 20 }) },
      volumeMounts: [{ name: 'mappings', mountPath: MAPPING_DIR, readOnly: true }],
    });
    createDeployment(this, 'deployment', {
      name: this.serviceName,
      identity,
      template: buildPodTemplate({
        identity,
        serviceAccountName: account.name,
        automountServiceAccountToken: false,
        // The image's `nobody`.
        user: { runAsUser: 65534, runAsGroup: 65534 },
        containers: [container],
        volumes: [{ name: 'mappings', configMap: { name: mappingsConfigMap } }],
        annotations: { 'pipeline-ops/mappings-checksum': crypto.createHash('sha256').update(mapping).digest('hex') },
      }),
    });
    this.metricsEndpoint = {
      job: 'airflow',
      namespace,
      serviceName: this.serviceName,
      portName: 'metrics',
      port: AIRFLOW_PORTS.statsdMetrics,
      selector: selectorLabels(identity),
    };
    createService(this, 'service', {
      name: this.serviceName,
      identity,
      ports,
      annotations: scrapeAnnotations(this.metricsEndpoint),
    });
  }
}
