/** Seed storage plan (22Gi of data volumes) plus the backup volume; every size is a prop of its stack. */
export const SEED_STORAGE_GIBIBYTES = {
  airflowDatabase: 2,
  prometheus: 10,
  elasticsearch: 10,
  backups: 5,
} as const;

/** StorageClass names: kind's own default class and the platform's retained class for critical data. */
export const STORAGE_CLASSES = {
  /** Installed by kind itself (local-path, reclaim Delete); the platform does not emit it. */
  kindDefault: 'standard',
  /** Emitted by the platform: local-path with reclaimPolicy Retain, for data that must outlive its PVC. */
  retained: 'local-path-retain',
} as const;
