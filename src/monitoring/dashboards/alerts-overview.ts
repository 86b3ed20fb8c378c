import { defineDashboard, DashboardDefinition, FOLDERS } from './dashboard';
import { booleanMapping, stat, table, timeseries } from './panels';

/** What is firing and whether notifications get out. */
export function alertsOverview(): DashboardDefinition {
  return defineDashboard({
    uid: 'alerts-overview',
    title: 'Alerts',
    description: 'Firing alerts by severity and component, and the health of the alerting path (Prometheus to Alertmanager to receivers).',
    folder: FOLDERS.platform,
    tags: ['alerts'],
    rows: [
      {
        title: 'Now',
        panels: [
          stat('Critical firing', [{ expr: 'count(ALERTS{alertstate="firing", severity="critical"}) or vector(0)' }], { threshold: { value: 1, bad: 'above' } }),
          stat('Warnings firing', [{ expr: 'count(ALERTS{alertstate="firing", severity="warning"}) or vector(0)' }], { threshold: { value: 1, bad: 'above' } }),
          stat('Pending', [{ expr: 'count(ALERTS{alertstate="pending"}) or vector(0)' }]),
          stat('Heartbeat (Watchdog)', [{ expr: 'count(ALERTS{alertname="Watchdog", alertstate="firing"}) or vector(0)' }], { mappings: booleanMapping('FIRING', 'SILENT') }),
          table('Firing alerts', [{ expr: 'max by (alertname, severity, component, namespace) (ALERTS{alertstate="firing"})' }]),
          timeseries('Firing alerts by component', [{ expr: 'count by (component) (ALERTS{alertstate="firing", severity!="none"})', legend: '{{component}}' }], { span: 24 }),
        ],
      },
      {
        title: 'Alerting path',
        panels: [
          stat('Alertmanagers Prometheus sends to', [{ expr: 'max(prometheus_notifications_alertmanagers_discovered)' }], { threshold: { value: 1, bad: 'below' } }),
          stat('Rule evaluation failures (1h)', [{ expr: 'sum(increase(prometheus_rule_evaluation_failures_total[1h])) or vector(0)' }], { threshold: { value: 1, bad: 'above' } }),
          timeseries('Notifications per integration', [
            { expr: 'sum by (integration) (rate(alertmanager_notifications_total[5m]))', legend: '{{integration}} sent' },
            { expr: 'sum by (integration) (rate(alertmanager_notifications_failed_total[5m]))', legend: '{{integration}} failed' },
          ], { unit: 'ops' }),
          timeseries('Alerts held by Alertmanager', [{ expr: 'sum by (state) (alertmanager_alerts)', legend: '{{state}}' }]),
        ],
      },
    ],
  });
}
