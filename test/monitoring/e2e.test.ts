import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { createDefaultApp } from '../../src/default-app';
import { alertmanagerConfig, RECEIVER_SECRET_KEYS, RECEIVERS, RouteTiming } from '../../src/monitoring/alertmanager-routing';
import { analysePromql } from '../../src/monitoring/catalog/promql';
import { AlertRuleSpec, ComponentMixin } from '../../src/monitoring/catalog/types';
import { readManifests } from '../support/default-app';
import { BackgroundProcess, freeTcpPort, sleep, startProcess, waitFor } from '../support/processes';
import { tool } from '../support/tools';
import { FixtureExporter, FixtureSeries } from './e2e/fixture-exporter';
import { NotificationSink, Notified } from './e2e/notification-sink';
import { forAlertmanager025, synthesizedConfigMap, tempDir } from './support';

/*
 * End to end with the real servers: Debian's Prometheus 2.42 evaluates the synthesized rules against a fixture
 * exporter that this test drives through the seed's failure modes, and Debian's Alertmanager 0.25 routes the
 * alerts with the synthesized routing to a local sink standing in for PagerDuty, Slack, the heartbeat service
 * and the SMTP server. Alert `for` durations are the real ones; only the scrape/evaluation interval (1 s) and
 * the Alertmanager group timings (seconds) are short. Time from failure to notification is printed, not asserted.
 */

const SECOND = 1000;
const loadedAt = Date.now();
const MINUTE = 60 * SECOND;

// Which receivers each severity reaches (the issue's routing, written down independently of the code).
const RECEIVERS_BY_SEVERITY: Record<string, string[]> = {
  critical: [RECEIVERS.pagerDuty, RECEIVERS.slackCritical],
  warning: [RECEIVERS.slackAlerts, RECEIVERS.emailDigest],
};
// Receivers that report resolution (the email digest lists open warnings only; the heartbeat never resolves).
const RESOLVING = new Set<string>([RECEIVERS.pagerDuty, RECEIVERS.slackCritical, RECEIVERS.slackAlerts]);
const SHORT: RouteTiming = { groupWait: '1s', groupInterval: '5s', repeatInterval: '1h' };
const HEARTBEAT: RouteTiming = { groupWait: '0s', groupInterval: '5s', repeatInterval: '5s' };

/** The fixture targets: a scrape job each, labelled with the component and namespace the cluster's relabelling would give it. */
const TARGETS = {
  'speed-layer': { component: 'speed-layer', namespace: 'pipeline' },
  clickhouse: { component: 'clickhouse', namespace: 'clickhouse' },
  spark: { component: 'spark', namespace: 'spark' },
  'node-exporter': { component: 'node-exporter', namespace: 'monitoring' },
  airflow: { component: 'airflow', namespace: 'airflow' },
} as const;

/** What the fixture exporter reports; the test changes it to simulate failures. */
const scenario = {
  sparkDown: false,
  lagSeconds: 20,
  nodeDiskFree: 0.5,
  clickhouseDiskFree: 0.5,
  quality: 0.99,
  discrepancy: 0.02,
  clickhouse: { since: Date.now(), queries: 0, failed: 0, queriesPerSecond: 0, failedPerSecond: 0 },
};

/** Changes ClickHouse's query and failure rates from now on (the counters keep counting). */
function clickhouseRates(queriesPerSecond: number, failedPerSecond: number): void {
  const now = Date.now();
  const c = scenario.clickhouse;
  const elapsed = (now - c.since) / SECOND;
  scenario.clickhouse = { since: now, queries: c.queries + elapsed * c.queriesPerSecond, failed: c.failed + elapsed * c.failedPerSecond, queriesPerSecond, failedPerSecond };
}

function clickhouseSeries(): FixtureSeries[] {
  const c = scenario.clickhouse;
  const elapsed = (Date.now() - c.since) / SECOND;
  return [
    { name: 'ClickHouseProfileEvents_Query', value: Math.floor(c.queries + elapsed * c.queriesPerSecond) },
    { name: 'ClickHouseProfileEvents_FailedQuery', value: Math.floor(c.failed + elapsed * c.failedPerSecond) },
    { name: 'ClickHouseAsyncMetrics_DiskAvailable_default', value: scenario.clickhouseDiskFree * 100e9 },
    { name: 'ClickHouseAsyncMetrics_DiskTotal_default', value: 100e9 },
  ];
}

/** An alert the scenario must deliver, and where. */
interface Expectation {
  readonly alertname: string;
  readonly component: string;
  readonly receivers: string[];
  readonly failure: string;
  /** When its failure was injected. */
  startedAt: number;
}

const dir = tempDir('e2e');
const exporter = new FixtureExporter();
const sink = new NotificationSink({
  '/slack/critical': RECEIVERS.slackCritical,
  '/slack/alerts': RECEIVERS.slackAlerts,
  '/pagerduty': RECEIVERS.pagerDuty,
  '/heartbeat': RECEIVERS.heartbeat,
}, RECEIVERS.emailDigest);
const servers: Record<string, BackgroundProcess> = {};
let prometheusUrl = '';
let alertmanagerUrl = '';
let mixins: ComponentMixin[] = [];
const expectations: Expectation[] = [];
const routingKey = crypto.randomBytes(16).toString('hex');

const alerts = (): AlertRuleSpec[] => mixins.flatMap((m) => m.alerts);
const alertNamed = (name: string) => alerts().find((a) => a.alert === name)!;
/** The alerts whose expression reads `metric` (the Airflow mixin names its own alerts). */
const alertsReading = (metric: string) => alerts().filter((a) => analysePromql(a.expr).metrics.includes(metric));
const seconds = (duration: string) => [...duration.matchAll(/(\d+)(ms|s|m|h|d)/g)]
  .reduce((n, [, v, unit]) => n + Number(v) * ({ ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[unit], 0);
const delivered = (e: { alertname: string; component: string }, receiver: string, status: Notified['status'] = 'firing') =>
  sink.received.find((n) => n.alertname === e.alertname && n.component === e.component && n.receiver === receiver && n.status === status);

async function prometheusQuery(query: string): Promise<any[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  return ((await response.json()) as any).data.result;
}

async function alertmanagerAlerts(alertname: string): Promise<any[]> {
  const response = await fetch(`${alertmanagerUrl}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${alertname}"`)}`);
  return (await response.json()) as any[];
}

/** The synthesized rule files of the default app. */
function synthesizeRules(): Record<string, string> {
  const { app, platform } = createDefaultApp({}, { outdir: path.join(dir, 'dist') });
  app.synth();
  mixins = platform.monitoring.mixins;
  const manifests = readManifests(path.join(dir, 'dist', app.chartFileName(platform.monitoringChart)));
  return Object.assign({}, ...manifests.filter((m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith('prometheus-rules-')).map((m) => m.data));
}

/** Drops what the test changes (timings, endpoints) so the routing itself can be compared. */
function routingOnly(config: any): any {
  const strip = (route: any): any => {
    const { group_wait, group_interval, repeat_interval, routes, ...rest } = route;
    return { ...rest, ...(routes ? { routes: routes.map(strip) } : {}) };
  };
  return {
    route: strip(config.route),
    inhibit_rules: config.inhibit_rules,
    receivers: config.receivers.map((r: any) => ({ name: r.name, integrations: Object.keys(r).filter((k) => k !== 'name').sort() })),
  };
}

beforeAll(async () => {
  const prometheusBin = tool('prometheus');
  const alertmanagerBin = tool('prometheus-alertmanager');
  const exporterPort = await exporter.start();
  const { httpPort, smtpPort } = await sink.start();
  const sinkUrl = `http://127.0.0.1:${httpPort}`;

  exporter.serve('speed-layer', (): FixtureSeries[] => [
    { name: 'pipeline_processing_lag_seconds', labels: { layer: 'speed' }, value: scenario.lagSeconds },
    { name: 'pipeline_events_processed_total', labels: { stage: 'sink' }, value: 0 },
    { name: 'pipeline_events_failed_total', labels: { stage: 'sink', reason: 'none' }, value: 0 },
  ]);
  exporter.serve('clickhouse', clickhouseSeries);
  exporter.serve('spark', () => (scenario.sparkDown ? 'down' : [{ name: 'spark_info', labels: { version: '4.0.1', revision: 'fixture' }, value: 1 }]));
  exporter.serve('node-exporter', (): FixtureSeries[] => [
    { name: 'node_filesystem_avail_bytes', labels: { device: '/dev/vda1', fstype: 'ext4', mountpoint: '/' }, value: scenario.nodeDiskFree * 60e9 },
    { name: 'node_filesystem_size_bytes', labels: { device: '/dev/vda1', fstype: 'ext4', mountpoint: '/' }, value: 60e9 },
  ]);
  // A healthy Airflow besides the two failure modes, so the Airflow mixin's other alerts stay quiet.
  const airflowStart = Date.now();
  exporter.serve('airflow', (): FixtureSeries[] => [
    { name: 'airflow_scheduler_heartbeat_total', value: Math.floor((Date.now() - airflowStart) / SECOND) },
    { name: 'airflow_ti_successes_total', value: Math.floor((Date.now() - airflowStart) / (10 * SECOND)) },
    { name: 'airflow_ti_failures_total', value: 0 },
    { name: 'airflow_dag_processing_import_errors', value: 0 },
    { name: 'airflow_executor_open_slots', labels: { executor: 'KubernetesExecutor' }, value: 32 },
    { name: 'airflow_executor_queued_tasks', labels: { executor: 'KubernetesExecutor' }, value: 0 },
    { name: 'airflow_executor_running_tasks', labels: { executor: 'KubernetesExecutor' }, value: 0 },
    { name: 'airflow_pool_starving_tasks', labels: { pool: 'default_pool' }, value: 0 },
    { name: 'pipeline_data_quality_score_ratio', labels: { dag_id: 'daily_batch_processing' }, value: scenario.quality },
    { name: 'pipeline_reconciliation_discrepancy_ratio', labels: { dag_id: 'daily_batch_processing' }, value: scenario.discrepancy },
    { name: 'pipeline_batch_last_success_timestamp_seconds', labels: { dag_id: 'daily_batch_processing' }, value: Math.floor(Date.now() / SECOND) },
  ]);

  // Prometheus: the synthesized rules, a scrape job per fixture target.
  const rulesDir = path.join(dir, 'rules');
  fs.mkdirSync(rulesDir, { recursive: true });
  for (const [name, text] of Object.entries(synthesizeRules())) {
    fs.writeFileSync(path.join(rulesDir, name), text);
  }
  const prometheusPort = await freeTcpPort();
  const alertmanagerPort = await freeTcpPort();
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), stringify({
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: [path.join(rulesDir, '*.rules.yaml')],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }] },
    scrape_configs: Object.entries(TARGETS).map(([name, labels]) => ({
      job_name: name, metrics_path: `/targets/${name}`, static_configs: [{ targets: [`127.0.0.1:${exporterPort}`], labels }],
    })),
  }));

  // Alertmanager: the synthesized routing, with receiver secrets (files) pointing at the sink.
  const secrets = path.join(dir, 'secrets');
  fs.mkdirSync(secrets);
  const secretValues: Record<string, string> = {
    [RECEIVER_SECRET_KEYS.slackCriticalUrl]: `${sinkUrl}/slack/critical`,
    [RECEIVER_SECRET_KEYS.slackAlertsUrl]: `${sinkUrl}/slack/alerts`,
    [RECEIVER_SECRET_KEYS.pagerDutyRoutingKey]: routingKey,
    [RECEIVER_SECRET_KEYS.smtpPassword]: 'sink',
    [RECEIVER_SECRET_KEYS.heartbeatUrl]: `${sinkUrl}/heartbeat`,
  };
  Object.entries(secretValues).forEach(([key, value]) => fs.writeFileSync(path.join(secrets, key), value));
  const config = alertmanagerConfig({
    secretsDirectory: secrets,
    pagerDutyUrl: `${sinkUrl}/pagerduty`,
    email: { smarthost: `127.0.0.1:${smtpPort}`, requireTls: false },
    timings: { critical: SHORT, warning: SHORT, digest: SHORT, heartbeat: HEARTBEAT },
  });
  expect(routingOnly(config)).toEqual(routingOnly(parse(synthesizedConfigMap('alertmanager-config').data['alertmanager.yml'])));
  fs.writeFileSync(path.join(dir, 'alertmanager.yml'), stringify(forAlertmanager025(config, (file) => fs.readFileSync(file, 'utf8'))));

  servers.alertmanager = startProcess(alertmanagerBin, [
    `--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'alertmanager-data')}`,
    `--web.listen-address=127.0.0.1:${alertmanagerPort}`, '--cluster.listen-address=',
  ]);
  servers.prometheus = startProcess(prometheusBin, [
    `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'prometheus-data')}`,
    `--web.listen-address=127.0.0.1:${prometheusPort}`,
  ]);
  await servers.alertmanager.waitReady(`${alertmanagerUrl}/-/ready`);
  await servers.prometheus.waitReady(`${prometheusUrl}/-/ready`);
  await waitFor('every fixture target to be scraped', async () => {
    const up = await prometheusQuery('count(up == 1)');
    return up.length && Number(up[0].value[1]) === Object.keys(TARGETS).length ? true : undefined;
  }, 30 * SECOND);
}, 2 * MINUTE);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.stop()));
  await Promise.all([exporter.stop(), sink.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
}, 30 * SECOND);

/**
 * What a failure message needs to explain a timing problem after the fact: every notification the sink
 * received (seconds since the run began) and the last lines of both servers' logs.
 */
function diagnostics(): string {
  // The heartbeat repeats every few seconds: counted, not listed.
  const heartbeats = sink.received.filter((n) => n.receiver === RECEIVERS.heartbeat).length;
  const timeline = sink.received.filter((n) => n.receiver !== RECEIVERS.heartbeat)
    .map((n) => `  ${((n.at - loadedAt) / SECOND).toFixed(1).padStart(7)} s  ${n.status.padEnd(8)} ${n.alertname}[${n.component}] → ${n.receiver}`);
  const logs = Object.entries(servers).map(([name, server]) => `--- ${name} log (last 15 lines)\n${server.outputTail(15)}`);
  return ['', `Notifications received (seconds since the test file loaded; ${heartbeats} heartbeats not listed):`, ...timeline, ...logs].join('\n');
}

/** A test whose failure message carries the run's diagnostics. */
function e2eTest(name: string, body: () => Promise<void>, timeoutMs: number): void {
  test(name, async () => {
    try {
      await body();
    } catch (error) {
      if (error instanceof Error) {
        error.message += diagnostics();
      }
      throw error;
    }
  }, timeoutMs);
}

describe('end to end: Prometheus 2.42 and Alertmanager 0.25 on the synthesized rules and routing', () => {
  e2eTest('the Watchdog heartbeat reaches the heartbeat service, and only it', async () => {
    const watchdog = { alertname: 'Watchdog', component: 'platform' };
    await waitFor('the Watchdog at the heartbeat sink', () => delivered(watchdog, RECEIVERS.heartbeat), 30 * SECOND);
    expect(sink.received.filter((n) => n.alertname === 'Watchdog' && n.receiver !== RECEIVERS.heartbeat)).toEqual([]);
  }, MINUTE);

  e2eTest('each failure reaches exactly the receivers of its severity', async () => {
    const critical = RECEIVERS_BY_SEVERITY.critical;
    const warning = RECEIVERS_BY_SEVERITY.warning;
    const forSeverity = (alert: AlertRuleSpec) => RECEIVERS_BY_SEVERITY[alert.severity];
    const componentOf = (alert: AlertRuleSpec, fromSeries: string) => (alert.component.includes('{{') ? fromSeries : alert.component);
    const quality = alertsReading('pipeline_data_quality_score_ratio');
    const discrepancy = alertsReading('pipeline_reconciliation_discrepancy_ratio');
    expect(quality.length).toBeGreaterThan(0);
    expect(discrepancy.length).toBeGreaterThan(0);
    const now = Date.now();
    expectations.push(
      { alertname: 'ComponentDown', component: 'spark', receivers: critical, failure: 'component down (spark scrape fails)', startedAt: now },
      { alertname: 'ComponentErrorRateHigh', component: 'clickhouse', receivers: critical, failure: 'error rate 6% (ClickHouse queries)', startedAt: now },
      { alertname: 'ProcessingLagHigh', component: 'speed-layer', receivers: warning, failure: 'processing lag 400 s (speed layer)', startedAt: now },
      { alertname: 'NodeDiskSpaceLow', component: 'node-exporter', receivers: warning, failure: 'disk 15% free (node)', startedAt: now },
      ...quality.map((a) => ({ alertname: a.alert, component: componentOf(a, 'airflow'), receivers: forSeverity(a), failure: 'data quality 90%', startedAt: now })),
    );
    expect(alertNamed('ComponentErrorRateHigh').severity).toBe('critical');
    scenario.sparkDown = true;
    clickhouseRates(100, 6);
    scenario.lagSeconds = 400;
    scenario.nodeDiskFree = 0.15;
    scenario.quality = 0.90;

    // ClickHouse's disk fills 30 s later: its warning must then be suppressed by the error-rate page (next test).
    await sleep(30 * SECOND);
    scenario.clickhouseDiskFree = 0.15;

    // A reconciliation discrepancy pages for the batch pipeline (component airflow), and a critical alert
    // suppresses its component's warnings: it starts once the data-quality warning has gone out.
    const qualityWarnings = expectations.filter((e) => e.failure === 'data quality 90%');
    await waitFor('the data-quality warning to be delivered', () => (qualityWarnings.every((e) => e.receivers.every((r) => delivered(e, r))) ? true : undefined),
      Math.max(...quality.map((a) => seconds(a.for))) * SECOND + 2 * MINUTE);
    const discrepancyStart = Date.now();
    expectations.push(...discrepancy.map((a) => ({ alertname: a.alert, component: componentOf(a, 'airflow'), receivers: forSeverity(a), failure: 'reconciliation discrepancy 12%', startedAt: discrepancyStart })));
    scenario.discrepancy = 0.12;

    const deadline = Math.max(...expectations.map((e) => e.startedAt + seconds(alertNamed(e.alertname).for) * SECOND)) + 2 * MINUTE;
    await waitFor('every failure to reach its receivers', () => (expectations.every((e) => e.receivers.every((r) => delivered(e, r))) ? true : undefined),
      deadline - Date.now(),
      () => `missing: ${expectations.flatMap((e) => e.receivers.filter((r) => !delivered(e, r)).map((r) => `${e.alertname}[${e.component}] → ${r}`)).join(', ')}`);
    for (const e of expectations) {
      const elsewhere = sink.received.filter((n) => n.alertname === e.alertname && n.component === e.component && !e.receivers.includes(n.receiver));
      expect(elsewhere.map((n) => `${n.alertname}[${n.component}] → ${n.receiver}`)).toEqual([]);
    }
    const pagerDuty = sink.bodies.find((b) => b.receiver === RECEIVERS.pagerDuty)!.body;
    expect(pagerDuty.routing_key).toBe(routingKey);
  }, 12 * MINUTE);

  e2eTest('a critical alert suppresses the warnings of its component (ClickHouse disk 15% while its error rate pages)', async () => {
    const inhibited = alertNamed('ClickHouseDiskSpaceLow');
    await waitFor('ClickHouseDiskSpaceLow to fire in Prometheus', async () => ((await prometheusQuery('ALERTS{alertname="ClickHouseDiskSpaceLow", alertstate="firing"}')).length ? true : undefined),
      seconds(inhibited.for) * SECOND + MINUTE);
    // Three group intervals: had it not been inhibited, it would have been sent by now.
    await sleep(15 * SECOND);
    expect(sink.received.filter((n) => n.alertname === 'ClickHouseDiskSpaceLow')).toEqual([]);
    const [held] = await alertmanagerAlerts('ClickHouseDiskSpaceLow');
    expect(held.status.state).toBe('suppressed');
    expect(held.status.inhibitedBy.length).toBeGreaterThan(0);
  }, 8 * MINUTE);

  e2eTest('a component that is down suppresses its error-rate and lag alerts', async () => {
    const labels = { component: 'e2e-inhibition', namespace: 'e2e' };
    const post = (endsAt: Date) => fetch(`${alertmanagerUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(['ComponentDown', 'ComponentErrorRateHigh', 'ProcessingLagHigh'].map((alertname) => {
        const rule = alertNamed(alertname);
        return {
          labels: { alertname, severity: rule.severity, ...rule.labels, ...labels },
          annotations: { summary: `${alertname} of the inhibition scenario`, description: 'posted by the end-to-end test', runbook_url: rule.runbook },
          startsAt: new Date().toISOString(),
          endsAt: endsAt.toISOString(),
        };
      })),
    });
    expect((await post(new Date(Date.now() + 10 * MINUTE))).ok).toBe(true);
    await waitFor('the posted ComponentDown to be paged', () => delivered({ alertname: 'ComponentDown', ...labels }, RECEIVERS.pagerDuty), 30 * SECOND);
    await sleep(10 * SECOND);
    expect(sink.received.filter((n) => n.component === labels.component && n.alertname !== 'ComponentDown')).toEqual([]);
    for (const alertname of ['ComponentErrorRateHigh', 'ProcessingLagHigh']) {
      const held = (await alertmanagerAlerts(alertname)).find((a: any) => a.labels.component === labels.component);
      expect(held.status.state).toBe('suppressed');
    }
    expect((await post(new Date())).ok).toBe(true);
  }, 2 * MINUTE);

  e2eTest('resolved alerts clear: receivers that report resolution get it, and nothing stays firing', async () => {
    // The discrepancy first: while it pages, the batch pipeline's resolved warnings would be suppressed too.
    scenario.discrepancy = 0.02;
    const discrepancy = expectations.filter((e) => e.failure === 'reconciliation discrepancy 12%');
    await waitFor('the discrepancy to resolve', () => (discrepancy.every((e) => e.receivers.filter((r) => RESOLVING.has(r)).every((r) => delivered(e, r, 'resolved'))) ? true : undefined),
      2 * MINUTE);
    scenario.sparkDown = false;
    clickhouseRates(100, 0);
    scenario.lagSeconds = 20;
    scenario.nodeDiskFree = 0.5;
    scenario.clickhouseDiskFree = 0.5;
    scenario.quality = 0.99;
    // The 5-minute error ratio falls below 5% about 50 s after the errors stop (healthy queries dilute them).
    await waitFor('every alert to resolve', () => (expectations.every((e) => e.receivers.filter((r) => RESOLVING.has(r)).every((r) => delivered(e, r, 'resolved'))) ? true : undefined),
      4 * MINUTE,
      () => `not resolved: ${expectations.flatMap((e) => e.receivers.filter((r) => RESOLVING.has(r) && !delivered(e, r, 'resolved')).map((r) => `${e.alertname}[${e.component}] → ${r}`)).join(', ')}`);
    const firing = await prometheusQuery('ALERTS{alertstate="firing", alertname!="Watchdog"}');
    const stillFiring = firing.map((s) => `${s.metric.alertname}[${s.metric.component}]`)
      .filter((name) => expectations.some((e) => name === `${e.alertname}[${e.component}]`) || name.startsWith('ClickHouseDiskSpaceLow'));
    expect(stillFiring).toEqual([]);
    for (const e of expectations) {
      const active = (await alertmanagerAlerts(e.alertname)).filter((a: any) => a.labels.component === e.component && a.status.state === 'active');
      expect(active).toEqual([]);
    }
  }, 6 * MINUTE);

  afterAll(() => {
    const rows = expectations.flatMap((e) => e.receivers.map((receiver) => {
      const first = delivered(e, receiver);
      return `  ${e.failure.padEnd(38)} ${`${e.alertname} (for ${alertNamed(e.alertname).for})`.padEnd(46)} → ${receiver.padEnd(24)} ${first ? `${((first.at - e.startedAt) / SECOND).toFixed(1)} s` : 'not delivered'}`;
    }));
    console.log([
      `Failure → notification (Prometheus 2.42 + Alertmanager 0.25; scrape/evaluation 1 s, group_wait 1 s; real alert for durations):`,
      ...rows,
    ].join('\n'));
  });
});
