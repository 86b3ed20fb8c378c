import * as crypto from 'node:crypto';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GRAFANA_IMAGE } from '../config/images';
import { MONITORING_PORTS, MONITORING_RESOURCES } from '../config/monitoring';
import { UI_PORTS } from '../config/ports';
import { buildContainer } from '../foundation/containers';
import { ComponentIdentity, selectorLabels } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { MetricsEndpoint } from '../foundation/metrics-endpoint';
import { buildPodTemplate, emptyDirVolume } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';
import { createDeployment, createService } from '../foundation/workloads';
import { CommittedSealedSecret } from '../secrets/committed-sealed-secret';
import { secretVolume } from '../secrets/sealed-secret-ref';
import { DEV_VALUES } from '../secrets/secret-requirement';
import { DashboardDefinition } from './dashboards/dashboard';
import { DatasourceUrls, renderDatasources } from './grafana-datasources';
import { dashboardConfigMapName, dashboardFileName, dashboardFolders, DASHBOARDS_ROOT, renderDashboardProviders } from './grafana-dashboards';

export interface GrafanaProps {
  /** @default 50m/500m CPU, 256Mi/1Gi memory (the seed's 1Gi, 0.5 CPU are the limits) */
  readonly resources?: ComputeResources;
  /** The URL users reach Grafana at. @default http://localhost:3000/ (the Kind host port) */
  readonly rootUrl?: string;
}

const SECRETS_DIR = '/etc/grafana/secrets';

/**
 * Grafana, stateless: its database is an emptyDir, and everything it shows is provisioned (datasources with
 * fixed uids, one dashboard ConfigMap each, in folders). Admin credentials come from the `grafana-admin`
 * sealed secret; anonymous access and sign-up are off and new users are viewers.
 */
export class Grafana extends Construct {
  readonly service: kplus.k8s.KubeService;
  readonly metricsEndpoint: MetricsEndpoint;
  readonly adminSecret: CommittedSealedSecret;
  readonly dashboards: readonly DashboardDefinition[];

  constructor(scope: Construct, id: string, props: GrafanaProps & { readonly identity: ComponentIdentity; readonly datasources: DatasourceUrls; readonly dashboards: DashboardDefinition[] }) {
    super(scope, id);
    const identity = props.identity;
    const port = MONITORING_PORTS.grafana;
    this.dashboards = props.dashboards;

    this.adminSecret = new CommittedSealedSecret(this, 'admin', {
      name: 'grafana-admin',
      identity,
      description: 'Grafana administrator login',
      keys: [
        { key: 'admin-user', description: 'Administrator user name', devValue: DEV_VALUES.literal('admin') },
        { key: 'admin-password', description: 'Administrator password', devValue: DEV_VALUES.password(32) },
      ],
    });

    const datasources = renderDatasources(props.datasources);
    const providers = renderDashboardProviders(props.dashboards);
    const provisioning = new kplus.k8s.KubeConfigMap(this, 'provisioning', {
      metadata: objectMeta(this, 'grafana-provisioning', identity),
      data: { 'datasources.yaml': datasources, 'dashboards.yaml': providers },
    });
    for (const dashboard of props.dashboards) {
      new kplus.k8s.KubeConfigMap(this, `dashboard-${dashboard.uid}`, {
        metadata: objectMeta(this, dashboardConfigMapName(dashboard), identity, { extraLabels: { 'grafana-folder': dashboard.folder.uid } }),
        data: { [dashboardFileName(dashboard)]: JSON.stringify(dashboard.dashboard, null, 1) },
      });
    }
    const folders = dashboardFolders(props.dashboards);

    const container = buildContainer(this, {
      name: 'grafana',
      image: GRAFANA_IMAGE,
      env: [
        { name: 'GF_SECURITY_ADMIN_USER__FILE', value: `${SECRETS_DIR}/admin-user` },
        { name: 'GF_SECURITY_ADMIN_PASSWORD__FILE', value: `${SECRETS_DIR}/admin-password` },
        { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'false' },
        { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
        { name: 'GF_USERS_AUTO_ASSIGN_ORG_ROLE', value: 'Viewer' },
        { name: 'GF_SERVER_ROOT_URL', value: props.rootUrl ?? `http://localhost:${UI_PORTS.grafana.hostPort}/` },
        { name: 'GF_LOG_MODE', value: 'console' },
        { name: 'GF_LOG_CONSOLE_FORMAT', value: 'json' },
        // A cluster without egress to grafana.com should not log failed update checks.
        { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
        { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
        { name: 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', value: 'false' },
      ],
      ports: [{ name: 'http', port }],
      resources: props.resources ?? MONITORING_RESOURCES.grafana,
      probes: {
        // Every start migrates a fresh database (the data directory is an emptyDir): allow it time.
        startup: httpProbe('/api/health', 'http', { periodSeconds: 10, failureThreshold: 30 }),
        readiness: httpProbe('/api/health', 'http'),
        liveness: httpProbe('/api/health', 'http', { periodSeconds: 30 }),
      },
      volumeMounts: [
        { name: 'data', mountPath: '/var/lib/grafana' },
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'provisioning', mountPath: '/etc/grafana/provisioning/datasources/datasources.yaml', subPath: 'datasources.yaml', readOnly: true },
        { name: 'provisioning', mountPath: '/etc/grafana/provisioning/dashboards/dashboards.yaml', subPath: 'dashboards.yaml', readOnly: true },
        { name: 'admin', mountPath: SECRETS_DIR, readOnly: true },
        ...folders.map((folder) => ({ name: `dashboards-${folder.uid}`, mountPath: `${DASHBOARDS_ROOT}/${folder.uid}`, readOnly: true })),
      ],
    });

    createDeployment(this, 'deployment', {
      name: 'grafana',
      identity,
      template: buildPodTemplate({
        identity,
        serviceAccountName: 'grafana',
        automountServiceAccountToken: false,
        user: { runAsUser: 472, runAsGroup: 472, fsGroup: 472 },
        containers: [container],
        // Datasources are read at start only: a changed file rolls the pod.
        annotations: { 'pipeline-ops/provisioning-checksum': crypto.createHash('sha256').update(datasources + providers).digest('hex').slice(0, 16) },
        volumes: [
          emptyDirVolume('data', 256),
          emptyDirVolume('tmp', 64),
          { name: 'provisioning', configMap: { name: provisioning.name } },
          secretVolume(this.adminSecret, 'admin'),
          ...folders.map((folder) => ({
            name: `dashboards-${folder.uid}`,
            projected: { sources: props.dashboards.filter((d) => d.folder.uid === folder.uid).map((d) => ({ configMap: { name: dashboardConfigMapName(d) } })) },
          })),
        ],
      }),
    });
    new kplus.k8s.KubeServiceAccount(this, 'service-account', {
      metadata: objectMeta(this, 'grafana', identity),
      automountServiceAccountToken: false,
    });
    this.service = createService(this, 'service', {
      name: 'grafana', identity, type: 'NodePort', ports: [{ name: 'http', port, nodePort: UI_PORTS.grafana.nodePort }],
    });
    this.metricsEndpoint = {
      job: 'grafana', namespace: this.adminSecret.namespace, serviceName: 'grafana', portName: 'http', port, selector: selectorLabels(identity),
    };
  }
}
