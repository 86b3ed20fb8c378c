/**
 * The seed's thresholds, as named constants. Alert rules, dashboards (threshold lines) and the
 * pipeline DAGs (through the `pipeline_thresholds` Airflow variable) all read them from here.
 */
export const THRESHOLDS = {
  /** Critical: errors / requests of any component above this fraction. */
  errorRateRatio: 0.05,
  /** Critical: Lambda reconciliation discrepancy between speed and batch layer above this fraction. */
  reconciliationDiscrepancyRatio: 0.10,
  /** Warning: processing lag of any component above this many seconds. */
  processingLagSeconds: 300,
  /** Warning: data quality score below this fraction. */
  dataQualityScoreRatio: 0.95,
  /** Warning: sustained CPU or memory utilization above this fraction. */
  resourceUtilizationRatio: 0.80,
  /** Warning: free disk below this fraction. */
  diskFreeRatio: 0.20,
} as const;

export type ThresholdName = keyof typeof THRESHOLDS;
