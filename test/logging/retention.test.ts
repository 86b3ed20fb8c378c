import Ajv from 'ajv';
import { findManifest, synthDefaultApp } from '../support/default-app';
import { LOGGING_SEED } from '../../src/config/logging';
import { matchesBuiltInLogsTemplate } from '../../src/logging/log-indices';
import { TEMPLATE_PRIORITY } from '../../src/logging/retention';
import schema from './schemas/elasticsearch-ilm-and-templates.schema.json';

/**
 * The retention Job's request bodies, read from its synthesized ConfigMap, are documents of the shapes
 * Elasticsearch 8 accepts (checked against a written JSON schema), and follow the rules that keep
 * daily indices working: no rollover, a delete phase after the retention period, templates that name
 * the policies and stay clear of the built-in logs-*-* data streams.
 */

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
ajv.addSchema(schema);
const validate = (definition: 'ilmPolicy' | 'indexTemplate', document: unknown) => {
  const check = ajv.getSchema(`${schema.$id}#/definitions/${definition}`)!;
  const valid = check(document);
  return { valid, errors: ajv.errorsText(check.errors) };
};

const { manifests } = synthDefaultApp();
const files: Record<string, string> = findManifest(manifests, 'ConfigMap', 'elasticsearch-setup', 'logging').data;
const bodies = Object.entries(files).filter(([name]) => name.endsWith('.json')).map(([name, text]) => ({ name, document: JSON.parse(text) }));
const policies = bodies.filter((b) => b.name.includes('ilm-policy'));
const templates = bodies.filter((b) => b.name.includes('index-template'));

describe('ILM policies', () => {
  test('one per index family, each a valid Elasticsearch 8 policy', () => {
    expect(policies.map((p) => p.name)).toEqual(['01-ilm-policy-pipeline-logs-7d.json', '02-ilm-policy-k8s-audit-7d.json']);
    for (const { document } of policies) {
      expect(validate('ilmPolicy', document)).toEqual({ valid: true, errors: 'No errors' });
    }
  });

  test('hot, then delete after the retention period; no rollover (daily indices have no rollover alias)', () => {
    for (const { document } of policies) {
      expect(Object.keys(document.policy.phases)).toEqual(['hot', 'delete']);
      expect(document.policy.phases.delete).toEqual({ min_age: `${LOGGING_SEED.retentionDays}d`, actions: { delete: {} } });
      expect(JSON.stringify(document)).not.toContain('rollover');
    }
  });
});

describe('index templates', () => {
  test('one per index family, each a valid composable template', () => {
    expect(templates).toHaveLength(2);
    for (const { document } of templates) {
      expect(validate('indexTemplate', document)).toEqual({ valid: true, errors: 'No errors' });
    }
  });

  test('one shard, no replicas (a single node is green), and the ILM policy PUT before it', () => {
    const policyNames = policies.map((p) => p.name.replace(/^\d+-ilm-policy-/, '').replace(/\.json$/, ''));
    for (const { document } of templates) {
      const settings = document.template.settings;
      expect(settings['index.number_of_shards']).toBe(1);
      expect(settings['index.number_of_replicas']).toBe(0);
      expect(policyNames).toContain(settings['index.lifecycle.name']);
    }
  });

  test('patterns stay clear of the built-in logs-*-* data stream template, at a higher priority than the built-ins', () => {
    for (const { document } of templates) {
      expect(document.priority).toBe(TEMPLATE_PRIORITY);
      expect(document.priority).toBeGreaterThan(100);
      for (const pattern of document.index_patterns as string[]) {
        expect(matchesBuiltInLogsTemplate(pattern.replace(/-\*$/, ''))).toBe(false);
        expect(pattern).not.toContain('@');
      }
    }
  });

  test('Kubernetes labels are flattened fields (no label can clash with another or explode the mapping)', () => {
    const application = templates.find((t) => t.document.index_patterns[0] === 'pipeline-logs-*')!.document;
    expect(application.template.mappings.properties.kubernetes.properties.labels).toEqual({ type: 'flattened' });
    const audit = templates.find((t) => t.document.index_patterns[0] === 'k8s-audit-*')!.document;
    expect(audit.template.mappings.properties.requestObject).toEqual({ type: 'flattened' });
  });
});

describe('the schema refuses what Elasticsearch refuses', () => {
  const policy = policies[0].document;
  const template = templates[0].document;
  const cases: Array<[string, 'ilmPolicy' | 'indexTemplate', unknown]> = [
    ['an unknown phase', 'ilmPolicy', { policy: { phases: { lukewarm: { actions: {} } } } }],
    ['a min_age that is not a duration', 'ilmPolicy', { policy: { phases: { delete: { min_age: 'seven days', actions: { delete: {} } } } } }],
    ['an unknown action', 'ilmPolicy', { policy: { phases: { hot: { actions: { compress: {} } } } } }],
    ['a policy without the policy wrapper', 'ilmPolicy', policy.policy],
    ['index_patterns as a string', 'indexTemplate', { ...template, index_patterns: 'pipeline-logs-*' }],
    ['an unknown field type', 'indexTemplate', { ...template, template: { ...template.template, mappings: { properties: { x: { type: 'string' } } } } }],
    ['a negative replica count', 'indexTemplate', { ...template, template: { ...template.template, settings: { 'index.number_of_replicas': -1 } } }],
    ['a legacy template body (order, mappings at the top)', 'indexTemplate', { index_patterns: ['a-*'], order: 1, mappings: {} }],
  ];
  test.each(cases)('%s', (_description, definition, document) => {
    expect(validate(definition, document).valid).toBe(false);
  });
});
