import { compute } from '../foundation/resources';

/*
 * Seed defaults of the monitoring stack. The seed gives Prometheus 2Gi / 0.5 CPU and Grafana 1Gi / 0.5 CPU as
 * LIMITS; requests are what each component needs at steady state on the three-node Kind cluster. The whole
 * monitoring namespace (node-exporter × 3 nodes included) fits its share, NAMESPACE_CAPACITY_SHARES.
 */
export const MONITORING_RESOURCES = {
  prometheus: compute(200, 500, 640, 2048),
  grafana: compute(50, 500, 256, 1024),
  alertmanager: compute(10, 100, 48, 96),
  /** One per Prometheus and Alertmanager pod. */
  configReloader: compute(5, 50, 16, 32),
  /** Per node; the DaemonSet runs on all three. */
  nodeExporter: compute(10, 100, 24, 48),
  kubeStateMetrics: compute(10, 100, 64, 128),
  kafkaExporter: compute(10, 100, 24, 48),
} as const;

/** Ports of the monitoring namespace (contracts: prometheus 9090, alertmanager 9093, grafana 3000, node-exporter 9100, kube-state-metrics 8080). */
export const MONITORING_PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
  nodeExporter: 9100,
  kubeStateMetrics: 8080,
  kubeStateMetricsTelemetry: 8081,
  kafkaExporter: 9308,
  /** The config reloader's own HTTP port (health and metrics) inside the Prometheus and Alertmanager pods. */
  configReloader: 8080,
  alertmanagerReloader: 8081,
} as const;

/** Scrape and evaluation defaults. */
export const SCRAPE_DEFAULTS = {
  scrapeInterval: '30s',
  scrapeTimeout: '10s',
  evaluationInterval: '30s',
  /** Samples per scrape above which a target's scrape fails (instead of flooding the TSDB). */
  sampleLimit: 20000,
  /** cAdvisor and kube-state-metrics report per container and per object: they get more room. */
  largeSampleLimit: 40000,
} as const;

/** Retention: time, and size as a fraction of the data volume (the WAL and head chunks share that volume). */
export const RETENTION_DEFAULTS = {
  time: '15d',
  /** Largest share of the volume the size-based retention may use. */
  maxVolumeFraction: 0.85,
} as const;

/**
 * Pipeline components that run outside this platform, scraped where they live. Kafka is read through a
 * kafka_exporter that the stack runs in the monitoring namespace; ClickHouse serves its own endpoint on 9363;
 * Spark drivers serve executor metrics on their UI port. Change them through `PrometheusStackProps.externalTargets`.
 */
export const PIPELINE_TARGET_DEFAULTS = {
  kafka: { bootstrapServers: ['kafka-bootstrap.kafka.svc.cluster.local:9092'] },
  clickhouse: { namespace: 'clickhouse', podLabels: { 'app.kubernetes.io/name': 'clickhouse' }, port: 9363, path: '/metrics' },
  spark: { namespace: 'spark', podLabels: { 'spark-role': 'driver' }, port: 4040, path: '/metrics/executors/prometheus' },
} as const;

/**
 * Alertmanager grouping and timing per route, and why.
 * - group_wait: how long a new group waits for siblings of the same burst, so one message carries them.
 * - group_interval: how often an existing group may send again when alerts join or resolve.
 * - repeat_interval: how often a still-firing group is re-sent.
 */
export const ROUTE_TIMINGS = {
  /** Pages: short wait (a page a few seconds sooner matters), re-sent hourly while unacknowledged. */
  critical: { groupWait: '10s', groupInterval: '5m', repeatInterval: '1h' },
  /** Slack warnings: the usual 30s/5m, re-sent every 4 hours so a warning left open is seen again the same day. */
  warning: { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
  /** The email digest: one message per severity, gathered for 10 minutes, updated at most hourly, repeated daily. */
  digest: { groupWait: '10m', groupInterval: '1h', repeatInterval: '24h' },
  /** The heartbeat: sent straight away and every minute (the heartbeat service pages when it stops). */
  heartbeat: { groupWait: '0s', groupInterval: '1m', repeatInterval: '50s' },
} as const;

/** Receiver settings that are not secret. Placeholders until a team sets its own (the secrets hold the real endpoints). */
export const ALERTING_DEFAULTS = {
  slackCriticalChannel: '#pipeline-critical',
  slackAlertsChannel: '#pipeline-alerts',
  email: {
    to: 'data-platform-oncall@example.org',
    from: 'alertmanager@example.org',
    smarthost: 'smtp.example.org:587',
    authUsername: 'alertmanager@example.org',
    requireTls: true,
  },
  /** PagerDuty Events API v2 (the US service region; EU accounts use events.eu.pagerduty.com). */
  pagerDutyUrl: 'https://events.pagerduty.com/v2/enqueue',
} as const;

/**
 * Where `runbook_url` points. The runbooks live in docs/runbooks/ of this repository; set the base URL of its
 * browsable copy (e.g. `https://git.example.org/team/repo/-/blob/main/docs/runbooks/`) through the stack's props.
 */
export const RUNBOOK_DEFAULT_BASE_URL = 'docs/runbooks/';
