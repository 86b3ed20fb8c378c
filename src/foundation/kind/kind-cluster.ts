import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { stringify } from 'yaml';
import { KIND_VERSION, SEED_CLUSTER } from '../../config/cluster';
import { ContainerImage, imageReference, KIND_NODE_IMAGE } from '../../config/images';
import { PlatformConfigError, requireThat } from '../errors';
import { SynthArtifact, SynthArtifactProducer } from '../synth-artifacts';
import { AUDIT_LOG_ROTATION, AUDIT_PATHS, AUDIT_POLICY } from './audit-policy';

/** A UI that the developer reaches on localhost: host port → the NodePort of `service`'s port `portName`. */
export interface HostPortMapping {
  /** Short name of the UI (`airflow`, `grafana`, …), used by scripts/verify.sh. */
  readonly name: string;
  /** Path that answers 200 when the UI is up, e.g. `/api/health`. */
  readonly healthPath: string;
  /** Port on 127.0.0.1 of the developer's machine. */
  readonly hostPort: number;
  /** The NodePort Service that serves the UI. */
  readonly service: kplus.k8s.KubeService;
  /** Name of the Service port whose `nodePort` is the container port of the mapping. */
  readonly portName: string;
}

export interface KindClusterProps {
  /** @default 'pipeline-ops' */
  readonly clusterName?: string;
  /** @default 2 (the seed's topology: one control plane and two workers) */
  readonly workerNodes?: number;
  /** @default kind v0.33.0's node image, pinned by digest */
  readonly nodeImage?: ContainerImage;
  /** Address host ports bind to; loopback keeps the UIs off the network. @default '127.0.0.1' */
  readonly listenAddress?: string;
}

/** File names of the Kind artifacts, relative to the synth output folder. */
export const KIND_CONFIG_FILE = 'kind-config.yaml';
export const KIND_AUDIT_POLICY_FILE = 'kind/audit-policy.yaml';
/** The UIs on localhost (name, URL, health path), which scripts/verify.sh checks. */
export const KIND_UI_ENDPOINTS_FILE = 'kind/ui-endpoints.json';

/**
 * The Kind cluster definition, synthesized beside the charts into `dist/kind-config.yaml` from the
 * same objects: each host port mapping's `containerPort` is read from the Service it serves, so the
 * two numbers cannot drift. API server auditing writes JSON lines under /var/log/kubernetes on the
 * control-plane node, where the logging stack's Fluentd picks them up.
 */
export class KindCluster extends Construct implements SynthArtifactProducer {
  /** The KindCluster of the app `scope` belongs to, if any. */
  static tryOf(scope: IConstruct): KindCluster | undefined {
    return scope.node.root.node.findAll().find((c): c is KindCluster => c instanceof KindCluster);
  }

  readonly clusterName: string;
  readonly workerNodes: number;
  readonly nodeImage: ContainerImage;
  private readonly listenAddress: string;
  private readonly mappings: HostPortMapping[] = [];

  constructor(scope: Construct, id: string, props: KindClusterProps = {}) {
    super(scope, id);
    this.clusterName = props.clusterName ?? 'pipeline-ops';
    this.workerNodes = props.workerNodes ?? SEED_CLUSTER.workerNodes;
    this.nodeImage = props.nodeImage ?? KIND_NODE_IMAGE;
    this.listenAddress = props.listenAddress ?? '127.0.0.1';
    requireThat(this, Number.isInteger(this.workerNodes) && this.workerNodes >= 0, this.workerNodes, 'is not a valid number of worker nodes', 'use a whole number ≥ 0 (the seed uses 2)');
    requireThat(this, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(this.clusterName), this.clusterName, 'is not a valid kind cluster name', 'use lowercase letters, digits and -');
  }

  /** Nodes in the cluster: the control plane plus the workers. */
  get nodeCount(): number {
    return 1 + this.workerNodes;
  }

  /** Maps `hostPort` on the developer's machine to the NodePort of a Service port. */
  addHostPortMapping(mapping: HostPortMapping): void {
    const clash = this.mappings.find((m) => m.hostPort === mapping.hostPort);
    requireThat(this, !clash, mapping.hostPort, `is mapped twice (${clash?.service.name} and ${mapping.service.name})`, 'give each UI its own host port');
    this.mappings.push(mapping);
  }

  /** The `extraPortMappings` of the control-plane node, resolved from the Services. */
  portMappings(): Array<{ containerPort: number; hostPort: number; listenAddress: string; protocol: 'TCP' }> {
    return this.mappings.map((mapping) => ({
      containerPort: nodePortOf(mapping),
      hostPort: mapping.hostPort,
      listenAddress: this.listenAddress,
      protocol: 'TCP' as const,
    }));
  }

  /** The kind `Cluster` configuration (kind.x-k8s.io/v1alpha4). */
  toConfig(): Record<string, unknown> {
    const image = imageReference(this.nodeImage);
    const controlPlane = {
      role: 'control-plane',
      image,
      kubeadmConfigPatches: [stringify(this.apiServerAuditPatch())],
      extraMounts: [
        // kind resolves a relative hostPath against the directory it runs in; scripts/cluster-up.sh runs it from the repository root.
        { hostPath: `./dist/${KIND_AUDIT_POLICY_FILE}`, containerPath: AUDIT_PATHS.policyFile, readOnly: true },
      ],
      extraPortMappings: this.portMappings(),
    };
    const workers = Array.from({ length: this.workerNodes }, () => ({ role: 'worker', image }));
    return {
      kind: 'Cluster',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      name: this.clusterName,
      nodes: [controlPlane, ...workers],
    };
  }

  private apiServerAuditPatch(): Record<string, unknown> {
    // No apiVersion: kind then applies the patch to whichever kubeadm API the node image uses, turning
    // this extraArgs map into v1beta4's name/value list where needed (older node images use v1beta3 maps).
    const extraArgs: Record<string, string> = {
      'audit-policy-file': AUDIT_PATHS.policyFile,
      'audit-log-path': AUDIT_PATHS.logFile,
      'audit-log-format': 'json',
      'audit-log-maxsize': String(AUDIT_LOG_ROTATION.maxSizeMegabytes),
      'audit-log-maxbackup': String(AUDIT_LOG_ROTATION.maxBackups),
      'audit-log-maxage': String(AUDIT_LOG_ROTATION.maxAgeDays),
    };
    return {
      kind: 'ClusterConfiguration',
      apiServer: {
        extraArgs,
        extraVolumes: [
          { name: 'audit-policies', hostPath: AUDIT_PATHS.policyDirectory, mountPath: AUDIT_PATHS.policyDirectory, readOnly: true, pathType: 'DirectoryOrCreate' },
          { name: 'audit-logs', hostPath: AUDIT_PATHS.logDirectory, mountPath: AUDIT_PATHS.logDirectory, readOnly: false, pathType: 'DirectoryOrCreate' },
        ],
      },
    };
  }

  artifacts(): SynthArtifact[] {
    const header = `# Kind cluster for cdk8s-pipeline-ops (kind ${KIND_VERSION}); generated by npm run synth, do not edit.\n`
      + '# Create it from the repository root: scripts/cluster-up.sh\n';
    return [
      { path: KIND_CONFIG_FILE, content: header + stringify(this.toConfig()) },
      { path: KIND_AUDIT_POLICY_FILE, content: '# API server audit policy, mounted into the Kind control plane; generated by npm run synth.\n' + stringify(AUDIT_POLICY) },
      { path: KIND_UI_ENDPOINTS_FILE, content: `${JSON.stringify(this.uiEndpoints(), null, 2)}\n` },
    ];
  }

  /** Each UI's localhost health URL, for scripts/verify.sh. */
  uiEndpoints(): Array<{ name: string; url: string; healthUrl: string }> {
    // `localhost`, the host name the UIs' own base URLs use (a session cookie set for one host name is lost on another).
    const host = this.listenAddress === '127.0.0.1' ? 'localhost' : this.listenAddress;
    return this.mappings.map((m) => ({
      name: m.name,
      url: `http://${host}:${m.hostPort}/`,
      healthUrl: `http://${host}:${m.hostPort}${m.healthPath}`,
    }));
  }
}

function nodePortOf(mapping: HostPortMapping): number {
  const ports: Array<{ name?: string; nodePort?: number }> = mapping.service.toJson().spec?.ports ?? [];
  const port = ports.find((p) => p.name === mapping.portName);
  if (port?.nodePort === undefined) {
    throw new PlatformConfigError(mapping.service.node.path, mapping.portName, `is not a port with a nodePort on Service "${mapping.service.name}"`,
      'expose the UI through a NodePort Service port with an explicit nodePort');
  }
  return port.nodePort;
}
