import { compute } from '../foundation/resources';

/**
 * Seed defaults of the logging stack (Elasticsearch, Fluentd, Kibana, the exporter and the setup
 * Jobs). Every number here is a prop of `ElkStack`; the whole namespace, Fluentd counted on all three
 * nodes, fits its share of the cluster, NAMESPACE_CAPACITY_SHARES.
 */
export const LOGGING_SEED = {
  /** Days an index is kept before the ILM policy deletes it. */
  retentionDays: 7,
  elasticsearch: {
    /** The seed's 1Gi / 0.5 CPU are the limits; the JVM heap is half the memory limit (the rest is off-heap). */
    resources: compute(200, 500, 768, 1024),
    heapMebibytes: 512,
  },
  kibana: {
    resources: compute(150, 1000, 384, 896),
    /** V8 heap cap, well below the memory limit so the process is never OOM-killed before it can GC. */
    heapMebibytes: 512,
  },
  fluentd: {
    /** Per node; the DaemonSet runs on the two workers and the control plane. */
    resources: compute(50, 200, 104, 256),
  },
  exporter: {
    resources: compute(20, 100, 24, 48),
  },
  /** One-shot Jobs (certificate generation, users, retention, data views): counted against the task headroom. */
  setupJob: {
    resources: compute(50, 200, 64, 128),
    /** The certificate Job runs elasticsearch-certutil, a JVM. */
    certutilResources: compute(100, 500, 256, 384),
    certutilHeapMebibytes: 128,
  },
  /** Fluentd's on-node file buffer per output: chunk size and the cap before the oldest chunk is dropped. */
  fluentdBuffer: {
    application: { chunkLimitMebibytes: 4, totalLimitMebibytes: 512 },
    audit: { chunkLimitMebibytes: 4, totalLimitMebibytes: 128 },
  },
  /**
   * Elasticsearch's disk watermarks as fractions of the data volume used. Set explicitly so the alert
   * on the high watermark reads the same number Elasticsearch enforces.
   */
  diskWatermarks: { low: 0.85, high: 0.90, floodStage: 0.95 },
  /** How long a generated TLS certificate (and its CA) is valid. */
  certificateValidityDays: 1095,
} as const;
