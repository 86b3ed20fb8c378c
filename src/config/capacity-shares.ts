/**
 * How the default 8 GiB Kind budget is divided between the namespaces: long-running pods only (Jobs and
 * task pods run in the task headroom), DaemonSets counted on every node they run on. The shares add up
 * to no more than the budget (a test checks it), so a stack that grows must take from another share —
 * the limits' memory is fully allotted.
 */
import { NAMESPACES } from './namespaces';

export interface CapacityShare {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export const NAMESPACE_CAPACITY_SHARES: Readonly<Record<string, CapacityShare>> = {
  /** The sealed-secrets controller (kube-proxy and kindnet are the system reservation's). */
  [NAMESPACES.secrets]: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
  /** Scheduler and api-server at the seed's 2Gi / 1 CPU limits, dag-processor, triggerer, PostgreSQL, statsd. */
  [NAMESPACES.airflow]: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '3500m', memory: '6272Mi' } },
  /** Prometheus (seed 2Gi / 0.5 CPU), Grafana (1Gi / 0.5 CPU), Alertmanager, exporters, node-exporter × 3. */
  [NAMESPACES.monitoring]: { requests: { cpu: '600m', memory: '1536Mi' }, limits: { cpu: '2200m', memory: '3584Mi' } },
  /** Elasticsearch (seed 1Gi / 0.5 CPU), Kibana, the exporter, Fluentd × 3. */
  [NAMESPACES.logging]: { requests: { cpu: '600m', memory: '1536Mi' }, limits: { cpu: '2200m', memory: '2816Mi' } },
};
