import { Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { MONITORING_PORTS, PIPELINE_TARGET_DEFAULTS, RUNBOOK_DEFAULT_BASE_URL, SCRAPE_DEFAULTS } from '../config/monitoring';
import { requireThat } from '../foundation/errors';
import { ComponentIdentity } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { MetricsEndpoint } from '../foundation/metrics-endpoint';
import { Alertmanager, AlertmanagerProps } from './alertmanager';
import { monitoringStackMixins } from './catalog';
import { AlertRuleSpec, ComponentMixin } from './catalog/types';
import { platformDashboards } from './dashboards';
import { DashboardDefinition } from './dashboards/dashboard';
import { ExternalTarget, externalTargetJob, validateExternalTarget } from './external-targets';
import { Grafana, GrafanaProps } from './grafana';
import { KafkaExporter } from './kafka-exporter';
import { KubeStateMetrics, KubeStateMetricsProps } from './kube-state-metrics';
import { NodeExporter, NodeExporterProps } from './node-exporter';
import { renderPrometheusConfig } from './prometheus-config';
import { PROMETHEUS_PATHS, PrometheusServer, PrometheusServerProps } from './prometheus-server';
import { Retention } from './retention';
import { AlertRuleOverride, CUSTOM_RULES_COMPONENT, RuleCatalog } from './rule-catalog';
import { renderRuleFile, ruleFileName, RuleRenderOptions } from './rule-files';
import { annotatedPodsJob, annotatedServicesJob, apiServerJob, endpointJob, kubeletJob, ScrapeConfig, ScrapeEndpoint } from './scrape-jobs';

/** Rules a user adds, overrides or disables by alert name. */
export interface AlertRuleChanges {
  /** New alerts (each with its promtool tests and runbook). */
  readonly add?: AlertRuleSpec[];
  /** Changes to existing alerts, by name (a changed expr or for needs new tests). */
  readonly override?: Record<string, AlertRuleOverride>;
  /** Alerts to drop, by name. */
  readonly disable?: string[];
}

export interface PrometheusStackProps {
  /** Mixins of other stacks (Airflow, logging, sealed-secrets…), besides the monitoring stack's own. @default none */
  readonly mixins?: ComponentMixin[];
  /** Metrics endpoints of other stacks to scrape (one job each). @default none */
  readonly metricsEndpoints?: MetricsEndpoint[];
  /** Pipeline components that run outside the platform. @default ClickHouse pods (namespace clickhouse, port 9363) and Spark drivers (namespace spark, port 4040) */
  readonly externalTargets?: ExternalTarget[];
  /** The Kafka brokers kafka_exporter reads; `false` runs no exporter. @default kafka-bootstrap.kafka.svc.cluster.local:9092 */
  readonly kafkaBootstrapServers?: readonly string[] | false;
  /** Alert rules added, overridden or disabled by name. */
  readonly alertRules?: AlertRuleChanges;
  /** Base URL of the runbooks (alerts link to `<base><runbook>.md`). @default 'docs/runbooks/' (set your repository's browse URL) */
  readonly runbookBaseUrl?: string;
  /** @default '30s' */
  readonly scrapeInterval?: string;
  /** @default '30s' */
  readonly evaluationInterval?: string;
  /** Samples per scrape above which a target's scrape fails. @default 20000 (40000 for cAdvisor and kube-state-metrics) */
  readonly sampleLimit?: number;
  /**
   * Scrape the API server too. Off by default: on Kind the scheduler, controller-manager and etcd listen on
   * 127.0.0.1 only, so control-plane scrape alerts would fire forever. @default false
   */
  readonly scrapeApiServer?: boolean;
  /** The `cluster` external label on every series and alert. @default 'pipeline-ops' */
  readonly clusterName?: string;
  readonly prometheus?: PrometheusServerProps;
  readonly alertmanager?: AlertmanagerProps;
  readonly grafana?: GrafanaProps;
  readonly nodeExporter?: NodeExporterProps;
  readonly kubeStateMetrics?: KubeStateMetricsProps;
}

const identity = (name: string, component: string): ComponentIdentity => ({ name, component });
const RESERVED_JOBS = ['kubelet', 'cadvisor', 'kube-apiserver', 'kubernetes-service-endpoints', 'kubernetes-pods'];

/** The default external targets: ClickHouse's built-in endpoint and Spark drivers' executor metrics. */
export function defaultExternalTargets(): ExternalTarget[] {
  const { clickhouse, spark } = PIPELINE_TARGET_DEFAULTS;
  return [
    { component: 'clickhouse', pods: { namespace: clickhouse.namespace, podLabels: { ...clickhouse.podLabels }, port: clickhouse.port }, path: clickhouse.path },
    { component: 'spark', pods: { namespace: spark.namespace, podLabels: { ...spark.podLabels }, port: spark.port }, path: spark.path },
  ];
}

/**
 * The monitoring stack of the `monitoring` namespace: Prometheus (scraping every metrics endpoint it is
 * handed, the pipeline's external targets, nodes, kubelets and annotated pods and services), Alertmanager,
 * Grafana, node-exporter, kube-state-metrics and kafka_exporter — all driven by one metric catalog of
 * mixins, whose rules and promtool tests are rendered together.
 */
export class PrometheusStack extends Construct {
  readonly prometheusService: kplus.k8s.KubeService;
  readonly alertmanagerService: kplus.k8s.KubeService;
  readonly grafanaService: kplus.k8s.KubeService;
  /** The stack's own metrics endpoints (Prometheus, Alertmanager, Grafana and the exporters). */
  readonly metricsEndpoints: MetricsEndpoint[];
  readonly dashboards: readonly DashboardDefinition[];
  readonly retention: Retention;
  readonly rules = new RuleCatalog();
  readonly ruleOptions: RuleRenderOptions;
  readonly server: PrometheusServer;
  readonly alertmanager: Alertmanager;
  readonly grafana: Grafana;

  private readonly scrapeEndpoints: ScrapeEndpoint[] = [];
  private readonly externalTargets: ExternalTarget[] = [];
  private readonly ruleConfigMaps = new Map<string, kplus.k8s.KubeConfigMap>();
  private readonly namespace: string;
  private readonly sampleLimit: number;

  constructor(scope: Construct, id: string, props: PrometheusStackProps = {}) {
    super(scope, id);
    this.namespace = Chart.of(this).namespace!;
    requireThat(this, this.namespace !== undefined, this.namespace, 'is the namespace of the chart holding the monitoring stack', 'place PrometheusStack in a NamespaceChart');
    this.sampleLimit = props.sampleLimit ?? SCRAPE_DEFAULTS.sampleLimit;
    requireThat(this, Number.isInteger(this.sampleLimit) && this.sampleLimit > 0, this.sampleLimit, 'is not a positive sample limit', 'use a whole number such as 20000');
    this.ruleOptions = { runbookBaseUrl: props.runbookBaseUrl ?? RUNBOOK_DEFAULT_BASE_URL };
    const scrapeInterval = props.scrapeInterval ?? SCRAPE_DEFAULTS.scrapeInterval;
    const evaluationInterval = props.evaluationInterval ?? SCRAPE_DEFAULTS.evaluationInterval;

    this.server = new PrometheusServer(this, 'prometheus', {
      ...props.prometheus,
      identity: identity('prometheus', 'server'),
      ruleConfigMaps: () => [...this.ruleConfigMaps.values()].map((cm) => cm.name),
      renderConfig: (retention) => renderPrometheusConfig({
        scrapeInterval,
        scrapeTimeout: SCRAPE_DEFAULTS.scrapeTimeout,
        evaluationInterval,
        externalLabels: { cluster: props.clusterName ?? 'pipeline-ops' },
        ruleFiles: [`${PROMETHEUS_PATHS.rules}/*.rules.yaml`],
        alertmanagers: [`alertmanager.${this.namespace}.svc:${MONITORING_PORTS.alertmanager}`],
        retention,
        scrapeConfigs: this.scrapeConfigs(props.scrapeApiServer ?? false),
      }),
    });
    this.retention = this.server.retention;
    this.alertmanager = new Alertmanager(this, 'alertmanager', { ...props.alertmanager, identity: identity('alertmanager', 'alertmanager') });
    this.dashboards = platformDashboards();
    this.grafana = new Grafana(this, 'grafana', {
      ...props.grafana,
      identity: identity('grafana', 'dashboards'),
      dashboards: [...this.dashboards],
      datasources: {
        prometheusUrl: `http://prometheus.${this.namespace}.svc:${MONITORING_PORTS.prometheus}`,
        alertmanagerUrl: `http://alertmanager.${this.namespace}.svc:${MONITORING_PORTS.alertmanager}`,
        scrapeInterval,
      },
    });
    const nodeExporter = new NodeExporter(this, 'node-exporter', { ...props.nodeExporter, identity: identity('node-exporter', 'exporter') });
    const kubeStateMetrics = new KubeStateMetrics(this, 'kube-state-metrics', { ...props.kubeStateMetrics, identity: identity('kube-state-metrics', 'exporter') });
    const kafkaServers = props.kafkaBootstrapServers ?? PIPELINE_TARGET_DEFAULTS.kafka.bootstrapServers;
    const kafkaExporter = kafkaServers === false ? undefined
      : new KafkaExporter(this, 'kafka-exporter', { bootstrapServers: kafkaServers, identity: identity('kafka-exporter', 'exporter') });

    this.prometheusService = this.server.service;
    this.alertmanagerService = this.alertmanager.service;
    this.grafanaService = this.grafana.service;
    const own: ScrapeEndpoint[] = [
      this.server.metricsEndpoint, this.alertmanager.metricsEndpoint, this.grafana.metricsEndpoint,
      nodeExporter.metricsEndpoint, kubeStateMetrics.metricsEndpoint, ...(kafkaExporter ? [kafkaExporter.metricsEndpoint] : []),
    ];
    this.metricsEndpoints = own;
    own.forEach((endpoint) => this.scrapeEndpoints.push(endpoint));
    (props.metricsEndpoints ?? []).forEach((endpoint) => this.scrape(endpoint));
    (props.externalTargets ?? defaultExternalTargets()).forEach((target) => this.addExternalTarget(target));

    [...monitoringStackMixins(), ...(props.mixins ?? [])].forEach((mixin) => this.addMixin(mixin));
    (props.alertRules?.add ?? []).forEach((rule) => this.addAlertRule(rule));
    Object.entries(props.alertRules?.override ?? {}).forEach(([name, override]) => this.overrideAlertRule(name, override));
    (props.alertRules?.disable ?? []).forEach((name) => this.disableAlertRule(name));

    this.node.addValidation({ validate: () => this.problems() });
  }

  /** Adds a component's metrics, recording rules and alerts (their rule file becomes a ConfigMap). */
  addMixin(mixin: ComponentMixin): void {
    this.rules.addMixin(mixin);
    this.ensureRuleConfigMap(mixin.component);
  }

  /** Scrapes a metrics endpoint (one job, named after its component). */
  scrape(endpoint: MetricsEndpoint): void {
    this.scrapeEndpoints.push(endpoint);
  }

  /** Scrapes a pipeline component that runs outside the platform. */
  addExternalTarget(target: ExternalTarget): void {
    validateExternalTarget(this, target);
    this.externalTargets.push(target);
  }

  /** Adds an alert rule (in the `custom` rule file). */
  addAlertRule(rule: AlertRuleSpec): void {
    this.rules.addAlertRule(rule);
    this.ensureRuleConfigMap(CUSTOM_RULES_COMPONENT);
  }

  /** Changes an existing alert rule by name (a changed expr or for needs new tests). */
  overrideAlertRule(name: string, override: AlertRuleOverride): void {
    this.rules.overrideAlertRule(name, override);
  }

  /** Drops an alert rule by name. */
  disableAlertRule(name: string): void {
    this.rules.disableAlertRule(name);
  }

  /** Every mixin with the rule edits applied (what the rule files hold). */
  get mixins(): ComponentMixin[] {
    return this.rules.mixins();
  }

  /** Every metrics endpoint scraped (the stack's own and those handed in). */
  get scrapedEndpoints(): readonly MetricsEndpoint[] {
    return this.scrapeEndpoints;
  }

  /** The rule files by name, as mounted into Prometheus. */
  ruleFiles(): Record<string, string> {
    return Object.fromEntries(this.mixins.map((mixin) => [ruleFileName(mixin), renderRuleFile(mixin, this.ruleOptions)]));
  }

  /** The scrape jobs, in order: endpoints, external targets, kubelets, the API server (opt-in), annotated services and pods. */
  private scrapeConfigs(apiServer: boolean): ScrapeConfig[] {
    return [
      ...this.scrapeEndpoints.map((endpoint) => endpointJob(endpoint, this.sampleLimit)),
      ...this.externalTargets.map((target) => externalTargetJob(target, this.sampleLimit)),
      kubeletJob('kubelet', this.sampleLimit),
      kubeletJob('cadvisor', Math.max(this.sampleLimit, SCRAPE_DEFAULTS.largeSampleLimit)),
      ...(apiServer ? [apiServerJob(this.sampleLimit)] : []),
      annotatedServicesJob(this.scrapeEndpoints, this.sampleLimit),
      annotatedPodsJob(this.sampleLimit),
    ];
  }

  private ensureRuleConfigMap(component: string): void {
    if (this.ruleConfigMaps.has(component)) {
      return;
    }
    const configMap = new kplus.k8s.KubeConfigMap(this, `rules-${component}`, {
      metadata: objectMeta(this, `prometheus-rules-${component}`, identity('prometheus', 'server'), { extraLabels: { 'pipeline-ops/rule-component': component } }),
      data: Lazy.any({
        produce: () => {
          const mixin = this.mixins.find((m) => m.component === component);
          return mixin ? { [ruleFileName(mixin)]: renderRuleFile(mixin, this.ruleOptions) } : {};
        },
      }),
    });
    this.ruleConfigMaps.set(component, configMap);
  }

  /** What would make the configuration wrong, as "path: value rule; fix". */
  private problems(): string[] {
    const problems = this.rules.problems().map((p) => `${JSON.stringify(p.value)} ${p.rule}; ${p.fix}`);
    const jobs = new Map<string, number>();
    for (const job of [...this.scrapeEndpoints.map((e) => e.job), ...this.externalTargets.map((t) => t.component), ...RESERVED_JOBS]) {
      jobs.set(job, (jobs.get(job) ?? 0) + 1);
    }
    for (const [job, count] of jobs) {
      if (count > 1) {
        problems.push(`"${job}" is the scrape job of ${count} metrics endpoints or external targets (or a job the stack reserves: ${RESERVED_JOBS.join(', ')}); give each endpoint its own job name`);
      }
    }
    return problems.map((p) => `${this.node.path}: ${p}`);
  }
}
