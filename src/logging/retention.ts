import { ApiRequest, ApiSetupPlan } from './api-setup-script';
import { LogIndex } from './log-indices';

/**
 * Retention of the daily log indices: one ILM policy per index family (hot, then delete after the
 * retention period) and one composable index template that attaches it, with one shard, no replicas
 * (a single node is green) and mappings for the Kubernetes metadata Fluentd adds.
 */

/** Priority of the templates: above Elasticsearch's built-in ones (100), which never match these names anyway. */
export const TEMPLATE_PRIORITY = 200;

/**
 * `PUT _ilm/policy/<name>` body. Daily indices are plain indices, not aliases or data streams, so the
 * policy has no rollover (ILM would stop on the missing rollover alias); `min_age` of the delete
 * phase counts from the index's creation, i.e. the day it holds.
 */
export function ilmPolicy(retentionDays: number): Record<string, unknown> {
  return {
    policy: {
      _meta: { managed_by: 'cdk8s-pipeline-ops', description: `delete daily log indices ${retentionDays} days after creation` },
      phases: {
        hot: { min_age: '0ms', actions: {} },
        delete: { min_age: `${retentionDays}d`, actions: { delete: {} } },
      },
    },
  };
}

/** Fields Fluentd's kubernetes_metadata filter adds to every container log record. */
const KUBERNETES_METADATA_MAPPING = {
  properties: {
    namespace_name: { type: 'keyword' },
    namespace_id: { type: 'keyword' },
    pod_name: { type: 'keyword' },
    pod_id: { type: 'keyword' },
    pod_ip: { type: 'keyword' },
    container_name: { type: 'keyword' },
    container_image: { type: 'keyword' },
    container_image_id: { type: 'keyword' },
    host: { type: 'keyword' },
    // Labels are free-form: one flattened field each, so no label (dotted, de-dotted or new) can
    // clash with another's mapping or grow the field count.
    labels: { type: 'flattened' },
    namespace_labels: { type: 'flattened' },
  },
};

function mappingsFor(index: LogIndex): Record<string, unknown> {
  if (index.key === 'audit') {
    return {
      properties: {
        '@timestamp': { type: 'date' },
        auditID: { type: 'keyword' },
        level: { type: 'keyword' },
        stage: { type: 'keyword' },
        verb: { type: 'keyword' },
        requestURI: { type: 'keyword' },
        userAgent: { type: 'keyword' },
        sourceIPs: { type: 'ip' },
        user: { properties: { username: { type: 'keyword' }, uid: { type: 'keyword' }, groups: { type: 'keyword' }, extra: { type: 'flattened' } } },
        impersonatedUser: { properties: { username: { type: 'keyword' }, groups: { type: 'keyword' }, extra: { type: 'flattened' } } },
        objectRef: { properties: { resource: { type: 'keyword' }, namespace: { type: 'keyword' }, name: { type: 'keyword' }, apiGroup: { type: 'keyword' }, apiVersion: { type: 'keyword' }, subresource: { type: 'keyword' } } },
        responseStatus: { properties: { code: { type: 'integer' }, status: { type: 'keyword' }, reason: { type: 'keyword' }, message: { type: 'text' } } },
        // Request bodies and annotations have arbitrary keys: flattened, so they stay searchable without a field explosion.
        requestObject: { type: 'flattened' },
        responseObject: { type: 'flattened' },
        annotations: { type: 'flattened' },
        requestReceivedTimestamp: { type: 'date' },
        stageTimestamp: { type: 'date' },
      },
    };
  }
  return {
    properties: {
      '@timestamp': { type: 'date' },
      message: { type: 'text' },
      stream: { type: 'keyword' },
      level: { type: 'keyword' },
      component: { type: 'keyword' },
      kubernetes: KUBERNETES_METADATA_MAPPING,
    },
  };
}

/** `PUT _index_template/<name>` body for one index family. */
export function indexTemplate(index: LogIndex): Record<string, unknown> {
  return {
    index_patterns: [index.pattern],
    priority: TEMPLATE_PRIORITY,
    _meta: { managed_by: 'cdk8s-pipeline-ops', description: `daily ${index.key} log indices written by Fluentd` },
    template: {
      settings: {
        'index.number_of_shards': 1,
        'index.number_of_replicas': 0,
        'index.lifecycle.name': index.policyName,
        // Applications disagree on the types of their JSON fields: keep the document and skip the odd
        // value rather than reject the record (which Fluentd could only drop).
        'index.mapping.ignore_malformed': true,
        // A chatty application cannot exhaust the field limit for everyone: extra fields stay in _source, unindexed.
        'index.mapping.total_fields.ignore_dynamic_beyond_limit': true,
      },
      mappings: mappingsFor(index),
    },
  };
}

/** The retention part of the `elasticsearch-setup` Job: every policy first (templates name them), then the templates. */
export function retentionPlan(indices: readonly LogIndex[], retentionDays: number): ApiSetupPlan {
  const policies: ApiRequest[] = indices.map((index) => ({
    description: `ILM policy ${index.policyName}`,
    target: 'elasticsearch',
    method: 'PUT',
    path: `/_ilm/policy/${index.policyName}`,
    body: ilmPolicy(retentionDays),
  }));
  const templates: ApiRequest[] = indices.map((index) => ({
    description: `index template ${index.templateName}`,
    target: 'elasticsearch',
    method: 'PUT',
    path: `/_index_template/${index.templateName}`,
    body: indexTemplate(index),
  }));
  return { title: 'Log retention: ILM policies and index templates', waitFor: ['elasticsearch'], requests: [...policies, ...templates] };
}
