import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { CONFIG_RELOADER_IMAGE } from '../config/images';
import { buildContainer } from '../foundation/containers';
import { httpProbe } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';

export interface ConfigReloaderSpec {
  /** Directories of mounted ConfigMaps to watch. */
  readonly watchedDirs: string[];
  /** The server's reload endpoint (POST). */
  readonly reloadUrl: string;
  /** The reloader's own HTTP port (health and metrics). */
  readonly port: number;
  readonly resources: ComputeResources;
  /** The mounts of the watched directories (read-only). */
  readonly volumeMounts: kplus.k8s.VolumeMount[];
}

/**
 * The sidecar that reloads Prometheus or Alertmanager when the kubelet updates a mounted ConfigMap, so a
 * config change needs no restart (and a broken one is rejected by the running server, which keeps the old).
 */
export function configReloaderContainer(scope: IConstruct, spec: ConfigReloaderSpec): kplus.k8s.Container {
  return buildContainer(scope, {
    name: 'config-reloader',
    image: CONFIG_RELOADER_IMAGE,
    args: [
      ...spec.watchedDirs.map((dir) => `--watched-dir=${dir}`),
      `--reload-url=${spec.reloadUrl}`,
      `--listen-address=:${spec.port}`,
    ],
    ports: [{ name: 'reloader', port: spec.port }],
    resources: spec.resources,
    probes: {
      readiness: httpProbe('/healthz', 'reloader'),
      liveness: httpProbe('/healthz', 'reloader', { periodSeconds: 30 }),
    },
    volumeMounts: spec.volumeMounts.map((mount) => ({ ...mount, readOnly: true })),
  });
}
