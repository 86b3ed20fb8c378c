import * as kplus from 'cdk8s-plus-28';
import { ComponentIdentity, recommendedLabels } from './labels';

/** The identity a pod runs as. Images differ (Airflow 50000, Grafana 472, Prometheus 65534…), so it is always explicit. */
export interface PodUser {
  readonly runAsUser: number;
  readonly runAsGroup: number;
  /** Group that owns mounted volumes. @default runAsGroup */
  readonly fsGroup?: number;
  /**
   * Set only for the rare agent that must read root-owned host files (and list it in the gauntlet's
   * allow-list with the reason).
   * @default true
   */
  readonly runAsNonRoot?: boolean;
}

/** What goes into a pod template beyond its containers. */
export interface PodTemplateProps {
  readonly identity: ComponentIdentity;
  readonly serviceAccountName: string;
  /** Mount an API token only where the component calls the Kubernetes API. */
  readonly automountServiceAccountToken: boolean;
  readonly user: PodUser;
  readonly containers: kplus.k8s.Container[];
  readonly initContainers?: kplus.k8s.Container[];
  readonly volumes?: kplus.k8s.Volume[];
  /** Extra pod annotations, e.g. config checksums that roll the pods when their config changes. */
  readonly annotations?: Record<string, string>;
  /** @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  readonly tolerations?: kplus.k8s.Toleration[];
  readonly nodeSelector?: Record<string, string>;
  readonly hostNetwork?: boolean;
  readonly hostPid?: boolean;
  /** `Never`/`OnFailure` for Jobs. @default the workload's default */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  readonly priorityClassName?: string;
  readonly enableServiceLinks?: boolean;
}

/** A hardened pod template: non-root, RuntimeDefault seccomp, recommended labels, explicit token mounting. */
export function buildPodTemplate(props: PodTemplateProps): kplus.k8s.PodTemplateSpec {
  const user = props.user;
  return {
    metadata: {
      labels: recommendedLabels(props.identity),
      ...(props.annotations && Object.keys(props.annotations).length ? { annotations: props.annotations } : {}),
    },
    spec: {
      serviceAccountName: props.serviceAccountName,
      automountServiceAccountToken: props.automountServiceAccountToken,
      // Service links inject one env var per Service in the namespace; nothing here reads them.
      enableServiceLinks: props.enableServiceLinks ?? false,
      securityContext: {
        runAsNonRoot: user.runAsNonRoot ?? true,
        runAsUser: user.runAsUser,
        runAsGroup: user.runAsGroup,
        fsGroup: user.fsGroup ?? user.runAsGroup,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...(props.initContainers?.length ? { initContainers: props.initContainers } : {}),
      containers: props.containers,
      ...(props.volumes?.length ? { volumes: props.volumes } : {}),
      ...(props.restartPolicy ? { restartPolicy: props.restartPolicy } : {}),
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
      ...(props.tolerations?.length ? { tolerations: props.tolerations } : {}),
      ...(props.nodeSelector ? { nodeSelector: props.nodeSelector } : {}),
      ...(props.hostNetwork ? { hostNetwork: true } : {}),
      ...(props.hostPid ? { hostPid: true } : {}),
      ...(props.priorityClassName ? { priorityClassName: props.priorityClassName } : {}),
    },
  };
}

/** An emptyDir volume, bounded so a runaway writer cannot fill the node. */
export function emptyDirVolume(name: string, sizeLimitMebibytes: number, medium?: 'Memory'): kplus.k8s.Volume {
  return { name, emptyDir: { sizeLimit: kplus.k8s.Quantity.fromString(`${sizeLimitMebibytes}Mi`), ...(medium ? { medium } : {}) } };
}
