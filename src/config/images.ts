/**
 * Every container image the platform runs, pinned by tag (and by digest where the upstream release
 * publishes one). One place to bump versions; the gauntlet rejects any image not pinned this way.
 */
export interface ContainerImage {
  /** Registry and repository, e.g. `docker.io/prom/prometheus`. */
  readonly repository: string;
  /** An immutable release tag, never `latest`. */
  readonly tag: string;
  /** `sha256:…` digest, where the upstream release notes state one. */
  readonly digest?: string;
}

/** The `image:` string Kubernetes pulls: `repository:tag[@digest]`. */
export function imageReference(image: ContainerImage): string {
  const tagged = `${image.repository}:${image.tag}`;
  return image.digest ? `${tagged}@${image.digest}` : tagged;
}

/** The Kind node image (kind v0.33.0's default node image, digest from that release). */
export const KIND_NODE_IMAGE: ContainerImage = {
  repository: 'kindest/node',
  tag: 'v1.37.0',
  digest: 'sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5',
};

/*
 * Monitoring stack. Versions and image facts from the notes (/work/notes/monitoring.md): no upstream
 * source in reach states their digests, so they are pinned by release tag only.
 */

/** Prometheus 3.16.0 (Go module github.com/prometheus/prometheus v0.316.0, which tools/promtool builds promtool from). Runs as nobody (65534). */
export const PROMETHEUS_IMAGE: ContainerImage = { repository: 'quay.io/prometheus/prometheus', tag: 'v3.16.0' };

/** Alertmanager 0.35.0 (the version tools/amtool builds amtool from, so the config is checked by its own release). Runs as nobody (65534). */
export const ALERTMANAGER_IMAGE: ContainerImage = { repository: 'quay.io/prometheus/alertmanager', tag: 'v0.35.0' };

/** The prometheus-operator's config reloader: watches mounted ConfigMaps and calls the server's reload endpoint. */
export const CONFIG_RELOADER_IMAGE: ContainerImage = { repository: 'quay.io/prometheus-operator/prometheus-config-reloader', tag: 'v0.95.0' };

/** Grafana 13.2.3 (`grafana/grafana`; `grafana-oss` gets no new images since 12.4). Image user 472. */
export const GRAFANA_IMAGE: ContainerImage = { repository: 'docker.io/grafana/grafana', tag: '13.2.3' };

/** node_exporter 1.12.1. Runs as nobody (65534). */
export const NODE_EXPORTER_IMAGE: ContainerImage = { repository: 'quay.io/prometheus/node-exporter', tag: 'v1.12.1' };

/** kube-state-metrics 2.20.0. Runs as 65534. */
export const KUBE_STATE_METRICS_IMAGE: ContainerImage = { repository: 'registry.k8s.io/kube-state-metrics/kube-state-metrics', tag: 'v2.20.0' };

/** danielqsj/kafka_exporter 1.10.0 (listens on 9308). Runs as nobody (65534). */
export const KAFKA_EXPORTER_IMAGE: ContainerImage = { repository: 'docker.io/danielqsj/kafka-exporter', tag: 'v1.10.0' };
