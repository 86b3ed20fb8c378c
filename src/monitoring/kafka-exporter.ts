import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { KAFKA_EXPORTER_IMAGE } from '../config/images';
import { MONITORING_PORTS, MONITORING_RESOURCES } from '../config/monitoring';
import { buildContainer } from '../foundation/containers';
import { requireThat } from '../foundation/errors';
import { ComponentIdentity, selectorLabels } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { buildPodTemplate } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';
import { externalDependencyAnnotations } from '../foundation/external-dependency';
import { createDeployment, createService } from '../foundation/workloads';
import { ScrapeEndpoint } from './scrape-jobs';

export interface KafkaExporterProps {
  /** `host:port` of the Kafka brokers to read metadata and offsets from. */
  readonly bootstrapServers: readonly string[];
  /** @default 10m/100m CPU, 24Mi/48Mi memory */
  readonly resources?: ComputeResources;
}

const ADDRESS = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/**
 * kafka_exporter in the monitoring namespace, reading the pipeline's Kafka cluster (which runs outside this
 * platform): brokers, topic offsets, replication and consumer-group lag. Its metrics are the `kafka`
 * component's (job `kafka`).
 */
export class KafkaExporter extends Construct {
  readonly service: kplus.k8s.KubeService;
  readonly metricsEndpoint: ScrapeEndpoint;

  constructor(scope: Construct, id: string, props: KafkaExporterProps & { readonly identity: ComponentIdentity }) {
    super(scope, id);
    const identity = props.identity;
    const port = MONITORING_PORTS.kafkaExporter;
    requireThat(this, props.bootstrapServers.length > 0, '[]', 'lists no Kafka bootstrap server', 'give at least one host:port, e.g. kafka-bootstrap.kafka.svc.cluster.local:9092');
    for (const server of props.bootstrapServers) {
      requireThat(this, ADDRESS.test(server), server, 'is not a host:port Kafka bootstrap server', 'write it like kafka-bootstrap.kafka.svc.cluster.local:9092');
    }
    const container = buildContainer(this, {
      name: 'kafka-exporter',
      image: KAFKA_EXPORTER_IMAGE,
      args: [...props.bootstrapServers.map((server) => `--kafka.server=${server}`), `--web.listen-address=:${port}`],
      ports: [{ name: 'metrics', port }],
      resources: props.resources ?? MONITORING_RESOURCES.kafkaExporter,
      probes: {
        // The landing page answers without asking Kafka, so an unreachable cluster shows as kafka down, not as restarts.
        readiness: httpProbe('/', 'metrics'),
        liveness: httpProbe('/', 'metrics', { periodSeconds: 30 }),
      },
    });
    createDeployment(this, 'deployment', {
      name: 'kafka-exporter',
      identity,
      // kafka_exporter exits when no broker answers at start, so it is ready only where the pipeline's Kafka runs.
      annotations: externalDependencyAnnotations(`Kafka at ${props.bootstrapServers.join(', ')}`),
      template: buildPodTemplate({
        identity, serviceAccountName: 'kafka-exporter', automountServiceAccountToken: false, user: { runAsUser: 65534, runAsGroup: 65534 }, containers: [container],
      }),
    });
    new kplus.k8s.KubeServiceAccount(this, 'service-account', { metadata: objectMeta(this, 'kafka-exporter', identity), automountServiceAccountToken: false });
    this.service = createService(this, 'service', { name: 'kafka-exporter', identity, ports: [{ name: 'metrics', port }] });
    this.metricsEndpoint = {
      job: 'kafka', namespace: Chart.of(this).namespace!, serviceName: 'kafka-exporter', portName: 'metrics', port, selector: selectorLabels(identity),
    };
  }
}
