import { BUSINESS_MIXIN } from './business';
import { CLICKHOUSE_MIXIN } from './clickhouse';
import { KAFKA_MIXIN } from './kafka';
import { KUBE_STATE_METRICS_MIXIN } from './kube-state-metrics';
import { KUBELET_MIXIN } from './kubelet';
import { NODE_EXPORTER_MIXIN } from './node-exporter';
import { PIPELINE_MIXIN } from './pipeline';
import { PLATFORM_MIXIN } from './platform';
import { ALERTMANAGER_MIXIN, GRAFANA_MIXIN, PROMETHEUS_MIXIN } from './self-monitoring';
import { SPARK_MIXIN } from './spark';
import { ComponentMixin } from './types';

/**
 * The mixins the monitoring stack ships: the platform's generic alerts, the cluster (nodes, Kubernetes
 * objects, containers), the monitoring stack itself, and the pipeline components that run outside the
 * platform (Kafka, ClickHouse, Spark, the pipeline's services and its business KPIs). Airflow, logging and
 * sealed-secrets bring their own mixins.
 */
export function monitoringStackMixins(): ComponentMixin[] {
  return [
    PLATFORM_MIXIN,
    NODE_EXPORTER_MIXIN, KUBE_STATE_METRICS_MIXIN, KUBELET_MIXIN,
    PROMETHEUS_MIXIN, ALERTMANAGER_MIXIN, GRAFANA_MIXIN,
    KAFKA_MIXIN, CLICKHOUSE_MIXIN, SPARK_MIXIN, PIPELINE_MIXIN, BUSINESS_MIXIN,
  ];
}

export {
  BUSINESS_MIXIN, CLICKHOUSE_MIXIN, KAFKA_MIXIN, KUBE_STATE_METRICS_MIXIN, KUBELET_MIXIN, NODE_EXPORTER_MIXIN, PIPELINE_MIXIN, PLATFORM_MIXIN,
  ALERTMANAGER_MIXIN, GRAFANA_MIXIN, PROMETHEUS_MIXIN, SPARK_MIXIN,
};
