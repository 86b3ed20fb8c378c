import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Size } from 'cdk8s';
import { parse } from 'yaml';
import { PLATFORM_MIXIN } from '../../src/monitoring/catalog/platform';
import { AlertRuleSpec, ComponentMixin, MetricType, Severity } from '../../src/monitoring/catalog/types';
import { ClusterChart } from '../../src/foundation/cluster-chart';
import { synthesizedObjects } from '../../src/foundation/manifests';
import { NamespaceChart } from '../../src/foundation/namespace-chart';
import { PodSecurityLevel } from '../../src/foundation/pod-security';
import { PrometheusStack, PrometheusStackProps } from '../../src/monitoring/prometheus-stack';
import { findManifest, synthDefaultApp } from '../support/default-app';
import { createDefaultApp } from '../../src/default-app';
import { UI_PORTS } from '../../src/config/ports';
import { PIPELINE_TARGET_DEFAULTS } from '../../src/config/monitoring';
import { REPO_ROOT } from '../support/paths';

/** A monitoring chart of its own (namespace monitoring, where the committed sealed secrets belong). */
function monitoringStack(props: PrometheusStackProps = {}) {
  const app = new App();
  new ClusterChart(app, 'cluster');
  const chart = new NamespaceChart(app, 'monitoring', { namespace: 'monitoring', podSecurity: PodSecurityLevel.PRIVILEGED, podSecurityReason: 'test' });
  const stack = new PrometheusStack(chart, 'prometheus', props);
  return { app, chart, stack, manifests: () => synthesizedObjects(app).map((o) => o.manifest) };
}

const { manifests } = synthDefaultApp();
const monitoring = manifests.filter((m) => m.metadata.namespace === 'monitoring');
const container = (kind: string, name: string, containerName: string) =>
  findManifest(manifests, kind, name, 'monitoring').spec.template.spec.containers.find((c: any) => c.name === containerName);
const promConfig = parse(findManifest(manifests, 'ConfigMap', 'prometheus-config', 'monitoring').data['prometheus.yml']);

describe('Prometheus server', () => {
  test('keeps data on a 10Gi retained volume, by time and by a size derived from the volume (85%)', () => {
    const claim = findManifest(manifests, 'PersistentVolumeClaim', 'prometheus-data', 'monitoring');
    expect(claim.spec).toMatchObject({ storageClassName: 'local-path-retain', resources: { requests: { storage: '10Gi' } } });
    expect(promConfig.storage.tsdb.retention).toEqual({ time: '15d', size: `${Math.floor(10 * 1024 * 0.85)}MB` });
    const args: string[] = container('Deployment', 'prometheus', 'prometheus').args;
    expect(args).toContain('--storage.tsdb.path=/prometheus');
    expect(args.some((a) => a.startsWith('--storage.tsdb.retention'))).toBe(false);
    const volumes = findManifest(manifests, 'Deployment', 'prometheus', 'monitoring').spec.template.spec.volumes;
    expect(volumes.find((v: any) => v.name === 'data')).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'prometheus-data', readOnly: false } });
  });

  test('retention follows the volume size', () => {
    const { stack } = monitoringStack({ prometheus: { storage: Size.gibibytes(20), retentionTime: '30d' } });
    expect(stack.retention).toMatchObject({ time: '30d', sizeMebibytes: Math.floor(20 * 1024 * 0.85) });
  });

  test('reloads on config change through the lifecycle API, called by the config-reloader sidecar', () => {
    expect(container('Deployment', 'prometheus', 'prometheus').args).toContain('--web.enable-lifecycle');
    const reloader = container('Deployment', 'prometheus', 'config-reloader');
    expect(reloader.args).toEqual(expect.arrayContaining(['--watched-dir=/etc/prometheus/config', '--watched-dir=/etc/prometheus/rules', '--reload-url=http://127.0.0.1:9090/-/reload']));
    expect(reloader.readinessProbe.httpGet.path).toBe('/healthz');
  });

  test('runs as nobody (65534) with /-/ready and /-/healthy probes, one writer at a time', () => {
    const deployment = findManifest(manifests, 'Deployment', 'prometheus', 'monitoring');
    expect(deployment.spec.strategy.type).toBe('Recreate');
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true });
    const prometheus = container('Deployment', 'prometheus', 'prometheus');
    expect(prometheus.readinessProbe.httpGet.path).toBe('/-/ready');
    expect(prometheus.livenessProbe.httpGet.path).toBe('/-/healthy');
    expect(prometheus.resources.limits).toEqual({ cpu: '500m', memory: '2Gi' });
  });

  test('discovers through a minimal read-only ClusterRole', () => {
    const role = findManifest(manifests, 'ClusterRole', 'prometheus-discovery');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['nodes', 'services', 'pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ]);
    const binding = findManifest(manifests, 'ClusterRoleBinding', 'prometheus-discovery');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }]);
  });

  test('serves its UI on the NodePort the Kind host port 9090 maps to', () => {
    const service = findManifest(manifests, 'Service', 'prometheus', 'monitoring');
    expect(service.spec).toMatchObject({ type: 'NodePort', ports: [{ name: 'http', port: 9090, nodePort: UI_PORTS.prometheus.nodePort }] });
    const kind = createDefaultApp().platform.kind.portMappings();
    expect(kind).toEqual(expect.arrayContaining([
      expect.objectContaining({ hostPort: 9090, containerPort: UI_PORTS.prometheus.nodePort }),
      expect.objectContaining({ hostPort: 3000, containerPort: UI_PORTS.grafana.nodePort }),
    ]));
  });
});

describe('scrape configuration', () => {
  const jobs = promConfig.scrape_configs.map((j: any) => j.job_name);

  test('every component is scraped: the stack itself, the other stacks\' endpoints, nodes, kubelets, Kafka, ClickHouse, Spark and annotated pods and services', () => {
    expect(jobs).toEqual(['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'kube-state-metrics', 'kafka',
      'sealed-secrets', 'airflow', 'fluentd', 'elasticsearch', 'clickhouse', 'spark',
      'kubelet', 'cadvisor', 'kubernetes-service-endpoints', 'kubernetes-pods']);
  });

  test('each job has a sample limit, and cAdvisor drops its high-cardinality series', () => {
    for (const job of promConfig.scrape_configs) {
      expect(job.sample_limit).toBeGreaterThan(0);
    }
    const cadvisor = promConfig.scrape_configs.find((j: any) => j.job_name === 'cadvisor');
    expect(cadvisor.metric_relabel_configs.some((r: any) => r.action === 'drop' && String(r.regex).includes('spec_.*'))).toBe(true);
    expect(cadvisor).toMatchObject({ scheme: 'https', metrics_path: '/metrics/cadvisor' });
  });

  test('the annotation convention is honoured, without scraping an explicit endpoint twice', () => {
    const services = promConfig.scrape_configs.find((j: any) => j.job_name === 'kubernetes-service-endpoints');
    expect(services.relabel_configs[0]).toEqual({ source_labels: ['__meta_kubernetes_service_annotation_prometheus_io_scrape'], action: 'keep', regex: 'true' });
    expect(services.relabel_configs[1]).toMatchObject({ action: 'drop', regex: expect.stringContaining('monitoring;kube-state-metrics') });
    for (const annotation of ['port', 'path', 'scheme']) {
      expect(JSON.stringify(services.relabel_configs)).toContain(`prometheus_io_${annotation}`);
    }
  });

  test('the Spark job the batch DAG submits serves the endpoint the spark job scrapes, on the driver the job discovers', () => {
    const spark = promConfig.scrape_configs.find((j: any) => j.job_name === 'spark');
    expect(spark.metrics_path).toBe('/metrics/executors/prometheus');
    const application = parse(fs.readFileSync(path.join(REPO_ROOT, 'dags', 'spark', 'batch_aggregates.yaml'), 'utf8'));
    // Spark 3.5 serves /metrics/executors/prometheus on the driver's UI port only with this switch on.
    expect(application.spec.sparkConf['spark.ui.prometheus.enabled']).toBe('true');
    expect(Number(application.spec.sparkVersion.split('.')[0])).toBeGreaterThanOrEqual(3);
    // The Spark operator labels driver pods spark-role=driver.
    expect(spark.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_label_spark_role'], action: 'keep', regex: 'driver' });
    expect(spark.kubernetes_sd_configs[0].namespaces.names).toEqual([PIPELINE_TARGET_DEFAULTS.spark.namespace]);
  });

  test('kube-state-metrics keeps the namespace of the objects it reports', () => {
    expect(promConfig.scrape_configs.find((j: any) => j.job_name === 'kube-state-metrics').honor_labels).toBe(true);
  });

  test('scrape() and external targets add jobs; the API server is scraped only on request', () => {
    const { stack, manifests: built } = monitoringStack({
      scrapeApiServer: true,
      externalTargets: [{ component: 'clickhouse', staticAddresses: ['clickhouse.example.org:9363'] }],
      kafkaBootstrapServers: false,
    });
    stack.scrape({ job: 'airflow', namespace: 'airflow', serviceName: 'airflow-statsd', portName: 'metrics', port: 9102, selector: {} });
    const config = parse(built().find((m) => m.metadata.name === 'prometheus-config')!.data['prometheus.yml']);
    const names = config.scrape_configs.map((j: any) => j.job_name);
    expect(names).toEqual(expect.arrayContaining(['airflow', 'clickhouse', 'kube-apiserver']));
    expect(names).not.toContain('kafka');
    expect(config.scrape_configs.find((j: any) => j.job_name === 'clickhouse').static_configs).toEqual([{ targets: ['clickhouse.example.org:9363'], labels: { component: 'clickhouse' } }]);
  });
});

describe('rules', () => {
  const alert = (name: string): AlertRuleSpec => ({
    alert: name, expr: 'up == 0', for: '5m', severity: Severity.WARNING, component: 'team', summary: 'A team target is down', description: 'A target of the team has been down for 5 minutes.',
    runbook: 'target-down.md',
    tests: [
      { description: 'down', series: [{ series: 'up{job="team"}', values: '0x10' }], evalTime: '6m', fires: true, labels: { job: 'team' } },
      { description: 'up', series: [{ series: 'up{job="team"}', values: '1x10' }], evalTime: '6m', fires: false },
      { description: 'down for 4 of the 5 minutes', series: [{ series: 'up{job="team"}', values: '1 1 0x8' }], evalTime: '6m', fires: false, boundary: true },
    ],
  });

  test('one rule ConfigMap per mixin, mounted together into Prometheus', () => {
    const ruleMaps = monitoring.filter((m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith('prometheus-rules-'));
    expect(ruleMaps.length).toBe(createDefaultApp().platform.monitoring.mixins.length);
    const volume = findManifest(manifests, 'Deployment', 'prometheus', 'monitoring').spec.template.spec.volumes.find((v: any) => v.name === 'rules');
    expect(volume.projected.sources.map((s: any) => s.configMap.name).sort()).toEqual(ruleMaps.map((m) => m.metadata.name).sort());
  });

  test('a user adds, overrides and disables rules by name', () => {
    const { stack, manifests: built } = monitoringStack({
      alertRules: { add: [alert('TeamTargetDown')], override: { NodeCpuHigh: { severity: Severity.CRITICAL } }, disable: ['KubeJobFailed'] },
    });
    expect(stack.node.validate()).toEqual([]);
    const names = stack.mixins.flatMap((m) => m.alerts.map((a) => a.alert));
    expect(names).toContain('TeamTargetDown');
    expect(names).not.toContain('KubeJobFailed');
    expect(stack.mixins.flatMap((m) => m.alerts).find((a) => a.alert === 'NodeCpuHigh')!.severity).toBe(Severity.CRITICAL);
    const custom = built().find((m) => m.metadata.name === 'prometheus-rules-custom')!;
    expect(parse(custom.data['custom.rules.yaml']).groups[0].rules[0]).toMatchObject({ alert: 'TeamTargetDown', labels: { severity: 'warning', component: 'team' } });
    const kube = built().find((m) => m.metadata.name === 'prometheus-rules-kube-state-metrics')!;
    expect(kube.data['kube-state-metrics.rules.yaml']).not.toContain('KubeJobFailed');
  });

  test('mixins handed in later are rendered too', () => {
    const { stack, manifests: built } = monitoringStack();
    const mixin: ComponentMixin = { component: 'team', metrics: [{ name: 'team_jobs_total', type: MetricType.COUNTER, component: 'team', help: 'Jobs the team ran', labels: [] }], recordingRules: [{ record: 'team:jobs:rate5m', expr: 'sum(rate(team_jobs_total[5m]))' }], alerts: [] };
    stack.addMixin(mixin);
    expect(built().find((m) => m.metadata.name === 'prometheus-rules-team')!.data['team.rules.yaml']).toContain('team:jobs:rate5m');
  });
});

describe('Grafana and Alertmanager', () => {
  test('Grafana: admin from the sealed secret, anonymous off, sign-up off, viewers by default, /api/health probes', () => {
    const grafana = container('Deployment', 'grafana', 'grafana');
    const env = Object.fromEntries(grafana.env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({
      GF_SECURITY_ADMIN_USER__FILE: '/etc/grafana/secrets/admin-user', GF_SECURITY_ADMIN_PASSWORD__FILE: '/etc/grafana/secrets/admin-password',
      GF_AUTH_ANONYMOUS_ENABLED: 'false', GF_USERS_ALLOW_SIGN_UP: 'false', GF_USERS_AUTO_ASSIGN_ORG_ROLE: 'Viewer',
    });
    expect(grafana.resources.limits).toEqual({ cpu: '500m', memory: '1Gi' });
    expect(grafana.readinessProbe.httpGet.path).toBe('/api/health');
    const volumes = findManifest(manifests, 'Deployment', 'grafana', 'monitoring').spec.template.spec.volumes;
    expect(volumes.find((v: any) => v.name === 'admin').secret.secretName).toBe('grafana-admin');
    expect(findManifest(manifests, 'SealedSecret', 'grafana-admin', 'monitoring').spec.encryptedData).toHaveProperty('admin-password');
  });

  test('Alertmanager: one replica without gossip, receivers from the sealed secret files', () => {
    const alertmanager = container('Deployment', 'alertmanager', 'alertmanager');
    expect(alertmanager.args).toContain('--cluster.listen-address=');
    expect(alertmanager.volumeMounts).toContainEqual({ name: 'receivers', mountPath: '/etc/alertmanager/secrets', readOnly: true });
    const volumes = findManifest(manifests, 'Deployment', 'alertmanager', 'monitoring').spec.template.spec.volumes;
    expect(volumes.find((v: any) => v.name === 'receivers').secret.secretName).toBe('alertmanager-receivers');
  });
});

describe('exporters', () => {
  test('node-exporter: host namespaces and read-only host mounts, as nobody without capabilities', () => {
    const spec = findManifest(manifests, 'DaemonSet', 'node-exporter', 'monitoring').spec.template.spec;
    expect(spec).toMatchObject({ hostNetwork: true, hostPID: true, automountServiceAccountToken: false, securityContext: { runAsUser: 65534, runAsNonRoot: true } });
    const exporter = spec.containers[0];
    expect(exporter.volumeMounts.every((m: any) => m.readOnly === true)).toBe(true);
    expect(exporter.volumeMounts.find((m: any) => m.name === 'root').mountPropagation).toBe('HostToContainer');
    expect(exporter.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  test('node-exporter: mount propagation can be turned off where the node\'s / is not shared', () => {
    const { manifests: built } = monitoringStack({ nodeExporter: { rootMountPropagation: 'None' } });
    const ds = built().find((m) => m.kind === 'DaemonSet')!;
    expect(ds.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.name === 'root').mountPropagation).toBeUndefined();
  });

  test('kube-state-metrics: list/watch only, and never Secrets or ConfigMaps', () => {
    const role = findManifest(manifests, 'ClusterRole', 'kube-state-metrics');
    for (const rule of role.rules) {
      expect(rule.verbs).toEqual(['list', 'watch']);
      expect(rule.resources).not.toContain('secrets');
      expect(rule.resources).not.toContain('configmaps');
    }
    const ksm = container('Deployment', 'kube-state-metrics', 'kube-state-metrics');
    expect(ksm.livenessProbe.httpGet.path).toBe('/livez');
    expect(ksm.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 'telemetry' });
  });

  test('every pod of the namespace but node-exporter meets the restricted profile', () => {
    for (const workload of monitoring.filter((m) => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(m.kind) && m.metadata.name !== 'node-exporter')) {
      const spec = workload.spec.template.spec;
      expect(spec.hostNetwork ?? false).toBe(false);
      expect((spec.volumes ?? []).some((v: any) => v.hostPath)).toBe(false);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of spec.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
      }
    }
  });
});

describe('bad props fail at synth with the path, the value and the fix', () => {
  const problems = (props: PrometheusStackProps, edit?: (stack: PrometheusStack) => void) => {
    const { stack } = monitoringStack(props);
    edit?.(stack);
    return stack.node.validate().join('\n');
  };
  const withTests = (rule: AlertRuleSpec, tests: AlertRuleSpec['tests']) => ({ ...rule, tests });
  const base = PLATFORM_MIXIN.alerts.find((a) => a.alert === 'TargetDown')!;
  const custom = { ...base, alert: 'TeamDown', component: 'team' };

  test('a retention size above 85% of the volume', () => {
    expect(() => monitoringStack({ prometheus: { retentionSize: Size.gibibytes(9) } }))
      .toThrow('monitoring/prometheus/prometheus: "9216Mi" exceeds 85% of its 10240Mi volume (8704Mi), leaving no room for the WAL and compaction; lower retentionSize or raise storage');
  });

  test('a retention time that is not a duration', () => {
    expect(() => monitoringStack({ prometheus: { retentionTime: '15 days' } })).toThrow('monitoring/prometheus/prometheus: "15 days" is not a Prometheus retention duration; write it like 15d, 2w or 36h');
  });

  test('an alert name used twice', () => {
    expect(problems({ alertRules: { add: [{ ...custom, alert: 'ComponentDown' }] } })).toMatch('monitoring/prometheus: "ComponentDown" is the name of 2 alert rules; give each alert a unique name; to change an existing rule, use overrideAlertRule');
  });

  test('overriding or disabling an alert nobody defines', () => {
    expect(problems({ alertRules: { override: { NoSuchAlert: { severity: Severity.CRITICAL } } } })).toMatch(/"NoSuchAlert" is overridden but no mixin or added rule has that name; use one of: .*ComponentDown/);
    expect(problems({ alertRules: { disable: ['NoSuchAlert'] } })).toMatch(/"NoSuchAlert" is disabled but no mixin or added rule has that name/);
  });

  test('changing an alert\'s expression without new tests', () => {
    expect(problems({ alertRules: { override: { TargetDown: { expr: 'up == 0 and on() vector(1)' } } } }))
      .toMatch('"TargetDown" has its expr or for overridden without new tests');
  });

  test('an alert without a case that must not fire', () => {
    expect(problems({ alertRules: { add: [withTests(custom, custom.tests.filter((c) => c.fires))] } })).toMatch('"TeamDown" lacks a test case that fires or one that must not');
  });

  test('a runbook that is not a kebab-case Markdown file, and a for that is not a duration', () => {
    expect(problems({ alertRules: { add: [{ ...custom, runbook: 'Team Down.txt', for: 'five minutes' }] } }))
      .toMatch(/"five minutes" is not a Prometheus duration \(for of TeamDown\)[\s\S]*"Team Down.txt" is not a runbook file name/);
  });

  test('an annotation template the rule tests cannot expand', () => {
    expect(problems({ alertRules: { add: [{ ...custom, summary: '{{ $value | printf "%.2f" }} down' }] } })).toMatch('is a template action in summary of TeamDown that the rule tests cannot expand');
  });

  test('an annotation printing $value with a firing case that gives no value', () => {
    expect(problems({ alertRules: { add: [{ ...custom, summary: '{{ $value | humanize }} targets down' }] } })).toMatch('is a firing test case of TeamDown without a value');
  });

  test('two mixins of one component, and one metric with two types', () => {
    const a: ComponentMixin = { component: 'team', metrics: [{ name: 'team_jobs', type: MetricType.GAUGE, component: 'team', help: 'Jobs', labels: [] }], recordingRules: [], alerts: [] };
    const b: ComponentMixin = { ...a, metrics: [{ ...a.metrics[0], type: MetricType.COUNTER }] };
    const text = problems({ mixins: [a, b] });
    expect(text).toMatch('"team" is the component of two mixins');
    expect(text).toMatch('"team_jobs" is declared as a gauge by team and as a counter by team');
  });

  test('two endpoints with one job name', () => {
    const endpoint = { job: 'kafka', namespace: 'kafka', serviceName: 'kafka-metrics', portName: 'metrics', port: 9404, selector: {} };
    expect(problems({ metricsEndpoints: [endpoint] })).toMatch('"kafka" is the scrape job of 2 metrics endpoints or external targets');
  });

  test('external targets without a place, or in the wrong form', () => {
    expect(() => monitoringStack({ externalTargets: [{ component: 'clickhouse' }] })).toThrow('"clickhouse" is an external target that needs exactly one of pods or staticAddresses');
    expect(() => monitoringStack({ externalTargets: [{ component: 'clickhouse', staticAddresses: ['clickhouse'] }] })).toThrow('"clickhouse" is not a host:port address of external target "clickhouse"');
    expect(() => monitoringStack({ externalTargets: [{ component: 'clickhouse', pods: { namespace: 'ch', podLabels: {}, port: 9363 } }] })).toThrow('is an external target discovered by pods without podLabels');
  });

  test('a sample limit that is not positive, and Kafka brokers that are not host:port', () => {
    expect(() => monitoringStack({ sampleLimit: 0 })).toThrow('monitoring/prometheus: 0 is not a positive sample limit; use a whole number such as 20000');
    expect(() => monitoringStack({ kafkaBootstrapServers: ['kafka'] })).toThrow('"kafka" is not a host:port Kafka bootstrap server');
    expect(() => monitoringStack({ kafkaBootstrapServers: [] })).toThrow('lists no Kafka bootstrap server');
  });
});
