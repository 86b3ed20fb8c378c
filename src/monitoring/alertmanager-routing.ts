import { stringify } from 'yaml';
import { ALERTING_DEFAULTS, ROUTE_TIMINGS } from '../config/monitoring';
import { Signal, SIGNAL_LABEL } from './catalog/conventions';
import { Severity } from './catalog/types';

/** The receivers, by role. */
export const RECEIVERS = {
  pagerDuty: 'pagerduty-oncall',
  slackCritical: 'slack-pipeline-critical',
  slackAlerts: 'slack-pipeline-alerts',
  emailDigest: 'email-digest',
  heartbeat: 'heartbeat',
  /** Alerts of severity none (dashboards only) end here. */
  blackhole: 'blackhole',
} as const;

/** The keys of the `alertmanager-receivers` secret; each is a file Alertmanager reads when it notifies. */
export const RECEIVER_SECRET_KEYS = {
  slackCriticalUrl: 'slack-critical-webhook-url',
  slackAlertsUrl: 'slack-alerts-webhook-url',
  pagerDutyRoutingKey: 'pagerduty-routing-key',
  smtpPassword: 'smtp-password',
  heartbeatUrl: 'heartbeat-url',
} as const;

/** Grouping and timing of one route. */
export interface RouteTiming {
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

/** The SMTP account and addresses of the warning digest (its password is the secret's `smtp-password`). */
export interface DigestEmailSettings {
  readonly to: string;
  readonly from: string;
  /** `host:port` of the SMTP server. */
  readonly smarthost: string;
  readonly authUsername: string;
  /** Require STARTTLS. */
  readonly requireTls: boolean;
}

/** Where notifications go, apart from the secret endpoints (which are files in `secretsDirectory`). */
export interface AlertRoutingSettings {
  /** Directory the receiver secret keys are mounted in (one file per key). */
  readonly secretsDirectory: string;
  /** @default '#pipeline-critical' */
  readonly slackCriticalChannel?: string;
  /** @default '#pipeline-alerts' */
  readonly slackAlertsChannel?: string;
  /** The warning digest's mail settings. @default placeholders under example.org */
  readonly email?: Partial<DigestEmailSettings>;
  /** @default PagerDuty's Events API v2 */
  readonly pagerDutyUrl?: string;
  /** @default ROUTE_TIMINGS (src/config/monitoring.ts) */
  readonly timings?: Partial<Record<keyof typeof ROUTE_TIMINGS, RouteTiming>>;
}

/** Alerts of one group arrive together; a group is one alert name on one component in one namespace. */
export const GROUP_BY = ['alertname', 'component', 'namespace'] as const;

const matcher = (label: string, value: string) => `${label}="${value}"`;
const timing = (t: RouteTiming) => ({ group_wait: t.groupWait, group_interval: t.groupInterval, repeat_interval: t.repeatInterval });

// Message texts. Every one names the alert, its component, summary and runbook, so the receiver's sink can be checked too.
const TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .GroupLabels.alertname }} ({{ .GroupLabels.component }})';
const ALERT_LINES = '{{ range .Alerts }}{{ .Status }} {{ .Labels.alertname }} [{{ .Labels.component }}] {{ .Annotations.summary }}\n'
  + '{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n\n{{ end }}';

/**
 * The Alertmanager configuration: routing by severity, inhibition, and receivers that read every secret from
 * a file (so the configuration itself holds none and can live in a ConfigMap).
 *
 * - `alertname=Watchdog` → heartbeat only (the heartbeat service pages when it stops).
 * - `severity=critical` → PagerDuty, then (continue) Slack #pipeline-critical.
 * - `severity=warning` → Slack #pipeline-alerts, then (continue) the email digest.
 * - `severity=none` → nowhere; anything without a severity → Slack #pipeline-alerts.
 * Inhibition: a critical alert silences the warnings of its component; a component that is down
 * (`signal=availability`) silences its error-rate and lag alerts, which are consequences.
 */
export function alertmanagerConfig(settings: AlertRoutingSettings): Record<string, unknown> {
  const email: DigestEmailSettings = { ...ALERTING_DEFAULTS.email, ...settings.email };
  const timings = { ...ROUTE_TIMINGS, ...settings.timings };
  const secret = (key: string) => `${settings.secretsDirectory.replace(/\/$/, '')}/${key}`;
  return {
    global: {
      resolve_timeout: '5m',
      smtp_from: email.from,
      smtp_smarthost: email.smarthost,
      smtp_auth_username: email.authUsername,
      smtp_auth_password_file: secret(RECEIVER_SECRET_KEYS.smtpPassword),
      smtp_require_tls: email.requireTls,
    },
    route: {
      receiver: RECEIVERS.slackAlerts,
      group_by: [...GROUP_BY],
      ...timing(timings.warning),
      routes: [
        { receiver: RECEIVERS.heartbeat, matchers: [matcher('alertname', 'Watchdog')], ...timing(timings.heartbeat) },
        { receiver: RECEIVERS.blackhole, matchers: [matcher('severity', Severity.NONE)] },
        { receiver: RECEIVERS.pagerDuty, matchers: [matcher('severity', Severity.CRITICAL)], continue: true, ...timing(timings.critical) },
        { receiver: RECEIVERS.slackCritical, matchers: [matcher('severity', Severity.CRITICAL)], ...timing(timings.critical) },
        { receiver: RECEIVERS.slackAlerts, matchers: [matcher('severity', Severity.WARNING)], continue: true, ...timing(timings.warning) },
        // The digest gathers every open warning into one message.
        { receiver: RECEIVERS.emailDigest, matchers: [matcher('severity', Severity.WARNING)], group_by: ['severity'], ...timing(timings.digest) },
      ],
    },
    inhibit_rules: [
      { source_matchers: [matcher('severity', Severity.CRITICAL)], target_matchers: [matcher('severity', Severity.WARNING)], equal: ['component'] },
      {
        source_matchers: [matcher(SIGNAL_LABEL, Signal.AVAILABILITY)],
        target_matchers: [`${SIGNAL_LABEL}=~"${Signal.ERROR_RATE}|${Signal.LAG}"`],
        equal: ['component'],
      },
    ],
    receivers: [
      {
        name: RECEIVERS.pagerDuty,
        pagerduty_configs: [{
          routing_key_file: secret(RECEIVER_SECRET_KEYS.pagerDutyRoutingKey),
          url: settings.pagerDutyUrl ?? ALERTING_DEFAULTS.pagerDutyUrl,
          severity: Severity.CRITICAL,
          description: TITLE,
          details: { alerts: ALERT_LINES },
          send_resolved: true,
        }],
      },
      {
        name: RECEIVERS.slackCritical,
        slack_configs: [{ api_url_file: secret(RECEIVER_SECRET_KEYS.slackCriticalUrl), channel: settings.slackCriticalChannel ?? ALERTING_DEFAULTS.slackCriticalChannel, title: TITLE, text: ALERT_LINES, send_resolved: true }],
      },
      {
        name: RECEIVERS.slackAlerts,
        slack_configs: [{ api_url_file: secret(RECEIVER_SECRET_KEYS.slackAlertsUrl), channel: settings.slackAlertsChannel ?? ALERTING_DEFAULTS.slackAlertsChannel, title: TITLE, text: ALERT_LINES, send_resolved: true }],
      },
      {
        name: RECEIVERS.emailDigest,
        email_configs: [{
          to: email.to,
          send_resolved: false,
          headers: { Subject: '[pipeline-ops] {{ .Alerts.Firing | len }} warning(s) open' },
          // Plain text only: a digest is read in any mail client.
          html: '',
          text: ALERT_LINES,
        }],
      },
      { name: RECEIVERS.heartbeat, webhook_configs: [{ url_file: secret(RECEIVER_SECRET_KEYS.heartbeatUrl), send_resolved: false }] },
      { name: RECEIVERS.blackhole },
    ],
  };
}

/** The configuration file text. */
export function renderAlertmanagerConfig(settings: AlertRoutingSettings): string {
  return `# Alertmanager configuration, generated by cdk8s-pipeline-ops; do not edit. Secrets are files under ${settings.secretsDirectory}.\n`
    + stringify(alertmanagerConfig(settings), { lineWidth: 0 });
}
