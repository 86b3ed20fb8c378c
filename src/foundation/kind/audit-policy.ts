/**
 * The API server's audit policy: who did what, without ever writing a Secret's or ConfigMap's
 * content to the log. Rules are evaluated in order; the first match wins.
 */
export const AUDIT_POLICY = {
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  // RequestReceived duplicates every event's ResponseComplete entry.
  omitStages: ['RequestReceived'],
  rules: [
    // Probes and discovery are constant noise with no actor worth recording.
    { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/openapi*', '/api*'] },
    { level: 'None', users: ['system:kube-proxy'], verbs: ['watch'], resources: [{ group: '', resources: ['endpoints', 'services'] }, { group: 'discovery.k8s.io', resources: ['endpointslices'] }] },
    { level: 'None', userGroups: ['system:nodes'], verbs: ['get', 'watch', 'list'], resources: [{ group: '', resources: ['nodes', 'nodes/status', 'pods'] }] },
    { level: 'None', users: ['system:kube-scheduler', 'system:kube-controller-manager'], verbs: ['get', 'update'], namespaces: ['kube-system'], resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }] },
    { level: 'None', resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
    // Credentials and configuration: who touched them, never their content.
    {
      level: 'Metadata',
      resources: [
        { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
        { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
        { group: 'bitnami.com', resources: ['sealedsecrets'] },
      ],
    },
    // Changes to workloads, RBAC and everything else: the request body, so a reviewer sees what changed.
    { level: 'Request', verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'] },
    // Reads: who looked at what.
    { level: 'Metadata' },
  ],
} as const;

/** Where the control plane writes audit events (JSON lines) and keeps its policy. */
export const AUDIT_PATHS = {
  policyDirectory: '/etc/kubernetes/policies',
  policyFile: '/etc/kubernetes/policies/audit-policy.yaml',
  logDirectory: '/var/log/kubernetes',
  logFile: '/var/log/kubernetes/kube-apiserver-audit.log',
} as const;

/** Log rotation on the node, so auditing cannot fill the Kind node's disk. */
export const AUDIT_LOG_ROTATION = { maxSizeMegabytes: 100, maxBackups: 3, maxAgeDays: 7 } as const;
