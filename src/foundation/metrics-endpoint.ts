/**
 * Where a component serves Prometheus metrics. Stacks return these as typed handles; the monitoring
 * stack scrapes every endpoint it is handed (one job each, with a per-target sample limit), so no
 * caller rebuilds Service names or ports from strings.
 */
export interface MetricsEndpoint {
  /** Prometheus `job` label, also the catalog's component key (e.g. `airflow`, `fluentd`). */
  readonly job: string;
  readonly namespace: string;
  /** The Service in front of the pods (its endpoints are the scrape targets). */
  readonly serviceName: string;
  /** The Service port's name. */
  readonly portName: string;
  readonly port: number;
  /** @default '/metrics' */
  readonly path?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** Pod labels the endpoints carry (used to relabel `component`). */
  readonly selector: Record<string, string>;
  /** Upper bound on series per scrape; a target above it fails its scrape instead of flooding the TSDB. @default 20000 */
  readonly sampleLimit?: number;
  /** @default the global scrape interval */
  readonly scrapeInterval?: string;
}

/** The annotations of the `prometheus.io/*` convention for a Service that serves `endpoint`. */
export function scrapeAnnotations(endpoint: MetricsEndpoint): Record<string, string> {
  return {
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': String(endpoint.port),
    'prometheus.io/path': endpoint.path ?? '/metrics',
    'prometheus.io/scheme': endpoint.scheme ?? 'http',
  };
}
