import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ALERTMANAGER_IMAGE } from '../config/images';
import { MONITORING_PORTS, MONITORING_RESOURCES } from '../config/monitoring';
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
import { AlertRoutingSettings, RECEIVER_SECRET_KEYS, renderAlertmanagerConfig } from './alertmanager-routing';
import { configReloaderContainer } from './config-reloader';

export interface AlertmanagerProps extends Omit<AlertRoutingSettings, 'secretsDirectory'> {
  /** @default 10m/100m CPU, 48Mi/96Mi memory */
  readonly resources?: ComputeResources;
  /** The URL people reach Alertmanager at (links in notifications). @default its in-cluster Service URL */
  readonly externalUrl?: string;
}

/** Where Alertmanager reads things inside its container. */
export const ALERTMANAGER_PATHS = {
  config: '/etc/alertmanager/config',
  configFile: '/etc/alertmanager/config/alertmanager.yml',
  secrets: '/etc/alertmanager/secrets',
  data: '/alertmanager',
} as const;

/** A development value that can never reach a real service (`.invalid` never resolves). */
const devUrl = (path: string) => (random: { hex(bytes: number): string }) => `https://${path}.invalid/${random.hex(12)}`;

/**
 * Alertmanager, one replica (no gossip cluster), routing by severity (alertmanager-routing.ts). Receiver
 * endpoints and keys come from the `alertmanager-receivers` sealed secret, mounted as files; a reloader
 * sidecar applies configuration changes. Silences and the notification log live in an emptyDir: they
 * survive container restarts, not a rescheduled pod.
 */
export class Alertmanager extends Construct {
  readonly service: kplus.k8s.KubeService;
  readonly metricsEndpoint: MetricsEndpoint;
  readonly receiversSecret: CommittedSealedSecret;
  /** The configuration file text (as mounted). */
  readonly configText: () => string;

  constructor(scope: Construct, id: string, props: AlertmanagerProps & { readonly identity: ComponentIdentity }) {
    super(scope, id);
    const identity = props.identity;
    const port = MONITORING_PORTS.alertmanager;

    this.receiversSecret = new CommittedSealedSecret(this, 'receivers', {
      name: 'alertmanager-receivers',
      identity,
      description: 'Alertmanager receiver endpoints: Slack webhooks, PagerDuty routing key, SMTP password, heartbeat URL',
      keys: [
        { key: RECEIVER_SECRET_KEYS.slackCriticalUrl, description: 'Slack incoming-webhook URL of #pipeline-critical', devValue: devUrl('slack-pipeline-critical') },
        { key: RECEIVER_SECRET_KEYS.slackAlertsUrl, description: 'Slack incoming-webhook URL of #pipeline-alerts', devValue: devUrl('slack-pipeline-alerts') },
        { key: RECEIVER_SECRET_KEYS.pagerDutyRoutingKey, description: 'PagerDuty Events API v2 integration (routing) key of the on-call service', devValue: DEV_VALUES.hex(16) },
        { key: RECEIVER_SECRET_KEYS.smtpPassword, description: 'Password of the SMTP account that sends the warning digest', devValue: DEV_VALUES.password(32) },
        { key: RECEIVER_SECRET_KEYS.heartbeatUrl, description: 'URL of the dead man\'s switch (heartbeat) service that pages when the Watchdog stops', devValue: devUrl('heartbeat') },
      ],
    });

    this.configText = () => renderAlertmanagerConfig({ ...props, secretsDirectory: ALERTMANAGER_PATHS.secrets });
    const configMap = new kplus.k8s.KubeConfigMap(this, 'config', {
      metadata: objectMeta(this, 'alertmanager-config', identity),
      data: { 'alertmanager.yml': Lazy.any({ produce: () => this.configText() }) },
    });

    const mounts = {
      config: { name: 'config', mountPath: ALERTMANAGER_PATHS.config, readOnly: true },
      secrets: { name: 'receivers', mountPath: ALERTMANAGER_PATHS.secrets, readOnly: true },
      data: { name: 'data', mountPath: ALERTMANAGER_PATHS.data },
    };
    const alertmanager = buildContainer(this, {
      name: 'alertmanager',
      image: ALERTMANAGER_IMAGE,
      args: [
        `--config.file=${ALERTMANAGER_PATHS.configFile}`,
        `--storage.path=${ALERTMANAGER_PATHS.data}`,
        // A single replica: no gossip cluster.
        '--cluster.listen-address=',
        `--web.listen-address=:${port}`,
        `--web.external-url=${props.externalUrl ?? `http://alertmanager.${this.receiversSecret.namespace}.svc:${port}/`}`,
        '--log.format=json',
      ],
      ports: [{ name: 'http', port }],
      resources: props.resources ?? MONITORING_RESOURCES.alertmanager,
      probes: {
        readiness: httpProbe('/-/ready', 'http'),
        liveness: httpProbe('/-/healthy', 'http', { periodSeconds: 15 }),
      },
      volumeMounts: [mounts.config, mounts.secrets, mounts.data],
    });
    const reloader = configReloaderContainer(this, {
      watchedDirs: [ALERTMANAGER_PATHS.config],
      reloadUrl: `http://127.0.0.1:${port}/-/reload`,
      port: MONITORING_PORTS.alertmanagerReloader,
      resources: MONITORING_RESOURCES.configReloader,
      volumeMounts: [mounts.config],
    });

    createDeployment(this, 'deployment', {
      name: 'alertmanager',
      identity,
      template: buildPodTemplate({
        identity,
        serviceAccountName: 'alertmanager',
        automountServiceAccountToken: false,
        user: { runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
        containers: [alertmanager, reloader],
        volumes: [
          { name: 'config', configMap: { name: configMap.name } },
          secretVolume(this.receiversSecret, 'receivers'),
          emptyDirVolume('data', 64),
        ],
      }),
    });
    new kplus.k8s.KubeServiceAccount(this, 'service-account', {
      metadata: objectMeta(this, 'alertmanager', identity),
      automountServiceAccountToken: false,
    });
    this.service = createService(this, 'service', { name: 'alertmanager', identity, ports: [{ name: 'http', port }] });
    this.metricsEndpoint = {
      job: 'alertmanager', namespace: this.receiversSecret.namespace, serviceName: 'alertmanager', portName: 'http', port, selector: selectorLabels(identity),
    };
  }
}
