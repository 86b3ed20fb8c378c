import { ComponentMixin, MetricDefinition, MetricType, Severity } from './types';

/** Catalog component (and Prometheus job) of the sealed-secrets controller. */
export const SEALED_SECRETS_COMPONENT = 'sealed-secrets';

const metric = (name: string, type: MetricType, help: string, labels: string[] = []): MetricDefinition =>
  ({ name, type, component: SEALED_SECRETS_COMPONENT, help, labels });

/** What the controller serves on its metrics port (pkg/controller/metrics.go, namespace `sealed_secrets_controller`). */
export const SEALED_SECRETS_METRICS = {
  buildInfo: metric('sealed_secrets_controller_build_info', MetricType.GAUGE, 'Build information; the revision label is the controller version.', ['revision']),
  unsealRequests: metric('sealed_secrets_controller_unseal_requests_total', MetricType.COUNTER, 'SealedSecrets the controller processed (deletions count too).'),
  unsealErrors: metric('sealed_secrets_controller_unseal_errors_total', MetricType.COUNTER,
    'Failed unseals by reason: fetch, unseal (decryption), update (writing the Secret), unmanaged (a Secret of that name exists and is not the controller\'s), status.',
    ['reason', 'namespace']),
  conditionInfo: metric('sealed_secrets_controller_condition_info', MetricType.GAUGE,
    'Condition of each SealedSecret: 1 true, -1 false, 0 unknown.', ['namespace', 'name', 'condition', 'ss_app_kubernetes_io_instance']),
  httpRequests: metric('sealed_secrets_controller_http_requests_total', MetricType.COUNTER, 'Requests to /v1/cert.pem, /v1/verify and /v1/rotate.', ['path', 'code', 'method']),
  httpRequestDuration: metric('sealed_secrets_controller_http_request_duration_seconds', MetricType.HISTOGRAM, 'Latency of those requests.', ['path', 'method']),
} as const;

const RUNBOOK = 'sealed-secrets-unseal-errors.md';

/**
 * The sealed-secrets mixin. Two alerts, because the error counter alone goes quiet after the
 * controller's five retries while the Secret is still missing: one on fresh errors (the upstream
 * mixin's signal, kept for the reason label) and one on SealedSecrets whose Synced condition stays false.
 */
export const SEALED_SECRETS_MIXIN: ComponentMixin = {
  component: SEALED_SECRETS_COMPONENT,
  metrics: Object.values(SEALED_SECRETS_METRICS),
  recordingRules: [],
  alerts: [
    {
      alert: 'SealedSecretUnsealErrors',
      expr: `sum by (namespace, reason) (increase(${SEALED_SECRETS_METRICS.unsealErrors.name}[15m])) > 0`,
      for: '5m',
      severity: Severity.WARNING,
      component: SEALED_SECRETS_COMPONENT,
      summary: 'The sealed-secrets controller fails to unseal in namespace {{ $labels.namespace }} ({{ $labels.reason }})',
      description: '{{ $value | humanize }} unseal errors with reason "{{ $labels.reason }}" in namespace {{ $labels.namespace }} over the last 15 minutes; '
        + 'the Secrets involved are missing or stale, so the pods that read them fail to start or run with old credentials.',
      runbook: RUNBOOK,
      tests: [
        {
          description: 'one SealedSecret that no key decrypts fires after 5 minutes',
          series: [{ series: `${SEALED_SECRETS_METRICS.unsealErrors.name}{job="sealed-secrets", reason="unseal", namespace="airflow"}`, values: '0 0 1 1 1 1 1 1 1 1 1 1' }],
          evalTime: '9m',
          fires: true,
          value: 1,
          labels: { namespace: 'airflow', reason: 'unseal' },
        },
        {
          description: 'an error younger than the 5 minute hold does not fire yet',
          series: [{ series: `${SEALED_SECRETS_METRICS.unsealErrors.name}{job="sealed-secrets", reason="unseal", namespace="airflow"}`, values: '0 0 0 0 0 0 1 1 1 1' }],
          evalTime: '9m',
          fires: false,
        },
        {
          description: 'an error 4 minutes old (one evaluation short of for: 5m)',
          series: [{ series: `${SEALED_SECRETS_METRICS.unsealErrors.name}{job="sealed-secrets", reason="unseal", namespace="airflow"}`, values: '0x4 1x5' }],
          evalTime: '9m',
          fires: false,
          boundary: true,
        },
        {
          description: 'a controller without errors stays quiet',
          series: [{ series: `${SEALED_SECRETS_METRICS.unsealErrors.name}{job="sealed-secrets", reason="unseal", namespace="airflow"}`, values: '0x30' }],
          evalTime: '30m',
          fires: false,
        },
      ],
    },
    {
      alert: 'SealedSecretNotSynced',
      expr: `max by (namespace, name) (${SEALED_SECRETS_METRICS.conditionInfo.name}{condition="Synced"}) == -1`,
      for: '10m',
      severity: Severity.CRITICAL,
      component: SEALED_SECRETS_COMPONENT,
      summary: 'SealedSecret {{ $labels.namespace }}/{{ $labels.name }} has not been unsealed',
      description: 'The controller reports SealedSecret {{ $labels.namespace }}/{{ $labels.name }} as not Synced for 10 minutes: '
        + 'its Secret does not exist or holds old values; `kubectl -n {{ $labels.namespace }} get sealedsecret {{ $labels.name }} -o yaml` shows the error.',
      runbook: RUNBOOK,
      tests: [
        {
          description: 'a SealedSecret sealed for another key stays not synced and fires',
          series: [{ series: `${SEALED_SECRETS_METRICS.conditionInfo.name}{job="sealed-secrets", namespace="monitoring", name="grafana-admin", condition="Synced", ss_app_kubernetes_io_instance=""}`, values: '-1x15' }],
          evalTime: '12m',
          fires: true,
          labels: { namespace: 'monitoring', name: 'grafana-admin' },
        },
        {
          description: 'not synced for 9 minutes (one evaluation short of for: 10m)',
          series: [{ series: `${SEALED_SECRETS_METRICS.conditionInfo.name}{job="sealed-secrets", namespace="monitoring", name="grafana-admin", condition="Synced", ss_app_kubernetes_io_instance=""}`, values: '1 1 -1x15' }],
          evalTime: '11m',
          fires: false,
          boundary: true,
        },
        {
          description: 'a SealedSecret that syncs after a few minutes does not fire',
          series: [{ series: `${SEALED_SECRETS_METRICS.conditionInfo.name}{job="sealed-secrets", namespace="monitoring", name="grafana-admin", condition="Synced", ss_app_kubernetes_io_instance=""}`, values: '-1 -1 -1 -1 1x12' }],
          evalTime: '15m',
          fires: false,
        },
        {
          description: 'a synced SealedSecret stays quiet',
          series: [{ series: `${SEALED_SECRETS_METRICS.conditionInfo.name}{job="sealed-secrets", namespace="monitoring", name="grafana-admin", condition="Synced", ss_app_kubernetes_io_instance=""}`, values: '1x15' }],
          evalTime: '15m',
          fires: false,
        },
      ],
    },
  ],
};
