/**
 * Marks a workload that cannot become ready until a service outside the platform answers (e.g.
 * kafka-exporter needs the pipeline's Kafka brokers). scripts/deploy.sh does not wait for the rollout
 * of such a workload — on a Kind cluster without that service it would never finish — and says so.
 */
export const EXTERNAL_DEPENDENCY_ANNOTATION = 'pipeline-ops/external-dependency';

/** The annotation that names what the workload waits for, e.g. `Kafka at kafka-bootstrap.kafka.svc:9092`. */
export function externalDependencyAnnotations(dependency: string): Record<string, string> {
  return { [EXTERNAL_DEPENDENCY_ANNOTATION]: dependency };
}
