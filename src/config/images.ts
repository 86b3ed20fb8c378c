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

/**
 * The sealed-secrets controller. 0.36.1 is the tag the upstream helm chart of the v0.36.6 source tree
 * pins (Chart 2.18.4, appVersion 0.36.1); the release notes call 0.36.3, 0.36.5 and 0.36.6 incomplete
 * releases whose images may never have been pushed. The crypto and the CRD are unchanged across 0.36.x,
 * so kubeseal v0.36.6 (which the tests build) seals for it. No digest: the release states none.
 */
export const SEALED_SECRETS_CONTROLLER_IMAGE: ContainerImage = {
  repository: 'docker.io/bitnami/sealed-secrets-controller',
  tag: '0.36.1',
};

/**
 * The logging stack. Elasticsearch and Kibana must run the same version: 8.19.22 is the newest 8.x
 * release that both the Kibana image history and public Elasticsearch manifests show.
 */
export const ELASTICSEARCH_IMAGE: ContainerImage = {
  repository: 'docker.elastic.co/elasticsearch/elasticsearch',
  tag: '8.19.22',
};

export const KIBANA_IMAGE: ContainerImage = {
  repository: 'docker.elastic.co/kibana/kibana',
  tag: ELASTICSEARCH_IMAGE.tag,
};

/**
 * fluentd-kubernetes-daemonset's Elasticsearch 8 flavour (the plain `-elasticsearch` tags are the
 * Elasticsearch 7 image): Fluentd 1.19 with the concat, dedot, kubernetes_metadata, prometheus and
 * elasticsearch 5.4 plugins. Pinned by its full release tag, never the moving `v1-…` tags.
 */
export const FLUENTD_IMAGE: ContainerImage = {
  repository: 'docker.io/fluent/fluentd-kubernetes-daemonset',
  tag: 'v1.19.3-debian-elasticsearch8-1.1',
};

/** prometheus-community's elasticsearch_exporter (cluster health, node, JVM and filesystem metrics). */
export const ELASTICSEARCH_EXPORTER_IMAGE: ContainerImage = {
  repository: 'quay.io/prometheuscommunity/elasticsearch-exporter',
  tag: 'v1.11.0',
};

/** Apache Airflow (the official image: uid 50000, gid 0, AIRFLOW_HOME /opt/airflow). */
export const AIRFLOW_IMAGE: ContainerImage = { repository: 'docker.io/apache/airflow', tag: '3.3.2' };

/** git-sync v4 (uid 65533), the tag the Airflow chart ships with. */
export const GIT_SYNC_IMAGE: ContainerImage = { repository: 'registry.k8s.io/git-sync/git-sync', tag: 'v4.4.2' };

/** Prometheus' statsd_exporter (uid 65534); tools/statsd-exporter builds the same release for the mapping tests. */
export const STATSD_EXPORTER_IMAGE: ContainerImage = { repository: 'quay.io/prometheus/statsd-exporter', tag: 'v0.28.0' };

/** PostgreSQL for Airflow's metadata database (Debian image, postgres uid 999). */
export const POSTGRES_IMAGE: ContainerImage = { repository: 'docker.io/library/postgres', tag: '17.6-bookworm' };

/** dbt with the Snowflake adapter, run by the daily batch DAG in a pod of its own. */
export const DBT_IMAGE: ContainerImage = { repository: 'ghcr.io/dbt-labs/dbt-snowflake', tag: '1.9.0' };

/** Apache Spark, the driver and executor image of the daily batch DAG's SparkApplication. */
export const SPARK_IMAGE: ContainerImage = { repository: 'docker.io/apache/spark', tag: '3.5.3' };

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
