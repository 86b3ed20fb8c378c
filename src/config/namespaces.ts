/** Default namespace names (seed task 2, plus the sealed-secrets controller's, which upstream puts in kube-system). */
export const NAMESPACES = {
  secrets: 'kube-system',
  airflow: 'airflow',
  monitoring: 'monitoring',
  logging: 'logging',
} as const;

/** The value of `app.kubernetes.io/part-of` on everything the platform creates. */
export const PART_OF = 'pipeline-ops';

/** The value of `app.kubernetes.io/managed-by`. */
export const MANAGED_BY = 'cdk8s';
