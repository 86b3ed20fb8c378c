/**
 * cdk8s-pipeline-ops: the public API. Importing this module never writes files; only `App.synth()`
 * (or `PlatformApp.synth()`) does.
 */

// Seed defaults and pinned versions.
export * from './config/images';
export * from './config/cluster';
export * from './config/ports';
export * from './config/storage';
export * from './config/namespaces';

// Foundation: charts, labels, names, workloads, RBAC, storage, capacity, the Kind cluster.
export * from './foundation/errors';
export * from './foundation/labels';
export * from './foundation/names';
export * from './foundation/ports';
export * from './foundation/quantities';
export * from './foundation/resources';
export * from './foundation/probes';
export * from './foundation/containers';
export * from './foundation/pods';
export * from './foundation/metadata';
export * from './foundation/workloads';
export * from './foundation/rbac';
export * from './foundation/rbac-evaluator';
export * from './foundation/pod-security';
export * from './foundation/cluster-chart';
export * from './foundation/namespace-chart';
export * from './foundation/crds';
export * from './foundation/storage-classes';
export * from './foundation/persistent-volumes';
export * from './foundation/metrics-endpoint';
export * from './foundation/service-urls';
export * from './foundation/external-dependency';
export * from './foundation/manifests';
export * from './foundation/pod-templates';
export * from './foundation/unique-object-names';
export * from './foundation/synth-artifacts';
export * from './foundation/platform-app';
export * from './foundation/kind/kind-cluster';
export * from './foundation/kind/audit-policy';
export * from './foundation/capacity/cluster-capacity';
export type { ResourceTotals, WorkloadCategory, WorkloadPods, MissingResources } from './foundation/capacity/workload-resources';
export {
  workloadPods, effectivePodResources, missingResources, claimedStorageBytes, storageClaims, toleratesControlPlane,
} from './foundation/capacity/workload-resources';
export * from './foundation/capacity/capacity-report';
export * from './foundation/capacity/capacity-budget';

// The default platform.
export * from './platform';
export * from './default-app';

// Policy rules the gauntlet applies (usable on any team's manifests).
export * from './policy/finding';
export * from './policy/rules';
export * from './policy/exceptions';
export * from './policy/check-policies';
export * from './policy/checkov-skips';

// Secrets: kubeseal-compatible sealing and committed sealed secrets.
export * from './secrets/scope';
export * from './secrets/sealing-certificate';
export * from './secrets/hybrid-encryption';
export * from './secrets/seal';
export * from './secrets/sealed-secret-ref';
export * from './secrets/secret-requirement';
export * from './secrets/secrets-directory';
export * from './secrets/sealed-file';
export * from './secrets/committed-sealed-secret';
export * from './secrets/sealed-secret';
export * from './secrets/key-renewal';
export * from './secrets/controller-rbac';
export * from './secrets/sealed-secrets-stack';
export * from './config/sealed-secrets';
export * from './monitoring/catalog/sealed-secrets';
export * from './secrets/controller-network-policy';
export * from './secrets/workflow/env-file';
export * from './secrets/workflow/plaintext-store';
export * from './secrets/workflow/sealed-files';
export * from './secrets/workflow/reseal';

// Logging: Elasticsearch, Fluentd, Kibana, retention, setup Jobs and the logging pipeline's mixin.
export * from './config/logging';
export * from './config/capacity-shares';
export * from './logging/log-indices';
export type { ApiRequest, ApiSetupPlan, ApiTarget } from './logging/api-setup-script';
export { renderSetupFiles, secretPlaceholder, SETUP_READINESS_PATHS, SETUP_SCRIPT_ENV } from './logging/api-setup-script';
export * from './logging/api-setup-job';
export * from './logging/elasticsearch-users';
export * from './logging/elasticsearch-certificates';
export * from './logging/elasticsearch';
export * from './logging/retention';
export * from './logging/security-setup';
export * from './logging/kibana-data-views';
export * from './logging/fluentd-config';
export * from './logging/fluentd';
export * from './logging/kibana';
export * from './logging/elasticsearch-exporter';
export * from './logging/elk-stack';
export * from './monitoring/catalog/logging';

// Airflow 3: the stack, its parts and the metric catalog.
export * from './config/airflow';
export * from './monitoring/catalog/airflow';
export * from './airflow/airflow-stack';
export * from './airflow/spark-submit-access';
export * from './airflow/component-context';
export * from './airflow/connections';
export * from './airflow/variables';
export * from './airflow/secrets';
export * from './airflow/environment';
export * from './airflow/airflow-container';
export * from './airflow/git-sync';
export * from './airflow/statsd-mapping';
export * from './airflow/statsd-exporter';
export * from './airflow/metadata-database';
export * from './airflow/metadata-backup';
export * from './airflow/migration-job';
export * from './airflow/pod-template';
export * from './airflow/rbac';
export * from './airflow/scheduler';
export * from './airflow/api-server';
export * from './airflow/dag-processor';
export * from './airflow/triggerer';
export * from './airflow/cleanup-cronjob';
export * from './airflow/dag-contract';

// Monitoring: the metric catalog (mixins), rule and promtool-test rendering, dashboards and the stack.
export * from './config/monitoring';
export * from './monitoring/catalog/types';
export * from './monitoring/catalog/thresholds';
export * from './monitoring/catalog/conventions';
export * from './monitoring/catalog/promql';
export * from './monitoring/catalog';
export { DISK_FILL_HORIZON_HOURS } from './monitoring/catalog/node-exporter';
export { KUBERNETES_COMPONENT } from './monitoring/catalog/kube-state-metrics';
export * from './monitoring/go-template';
export * from './monitoring/rule-catalog';
export * from './monitoring/rule-files';
export * from './monitoring/rule-tests';
export * from './monitoring/retention';
export * from './monitoring/scrape-jobs';
export * from './monitoring/external-targets';
export * from './monitoring/prometheus-config';
export * from './monitoring/config-reloader';
export * from './monitoring/prometheus-server';
export * from './monitoring/alertmanager-routing';
export * from './monitoring/alertmanager';
export * from './monitoring/grafana-datasources';
export * from './monitoring/grafana-dashboards';
export * from './monitoring/grafana';
export { platformDashboards, pipelineOverview, componentHealth, businessMetrics, alertsOverview, platformResources, FOLDERS, defineDashboard, PROMETHEUS_DATASOURCE_UID, PROMETHEUS_DATASOURCE } from './monitoring/dashboards';
export type { DashboardDefinition, DashboardFolder, DashboardRow, Query, Threshold, PanelOptions } from './monitoring/dashboards';
export * from './monitoring/node-exporter';
export * from './monitoring/kube-state-metrics';
export * from './monitoring/kafka-exporter';
export * from './monitoring/prometheus-stack';
