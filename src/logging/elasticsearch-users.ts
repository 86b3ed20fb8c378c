import { Construct } from 'constructs';
import { ComponentIdentity } from '../foundation/labels';
import { CommittedSealedSecret } from '../secrets/committed-sealed-secret';
import { DEV_VALUES } from '../secrets/secret-requirement';
import { LogIndex } from './log-indices';

/** The keys of the `elasticsearch-users` secret, one password per Elasticsearch user the stack uses. */
export const ELASTICSEARCH_USER_KEYS = {
  /** The built-in superuser: bootstrap password, readiness probe and the setup Jobs. */
  elastic: 'elastic-password',
  /** The built-in user Kibana connects as (Kibana 8 refuses `elastic`). */
  kibanaSystem: 'kibana-system-password',
  /** Fluentd's own user: may only create documents (and their daily indices) in the log indices. */
  fluentd: 'fluentd-password',
  /** The exporter's user: cluster `monitor` only. */
  exporter: 'exporter-password',
} as const;

/** A role the security setup Job creates (the body of `PUT _security/role/<name>`). */
export interface ElasticsearchRole {
  readonly name: string;
  readonly body: {
    readonly cluster: readonly string[];
    readonly indices: ReadonlyArray<{ readonly names: readonly string[]; readonly privileges: readonly string[] }>;
  };
}

/** A native user the security setup Job creates, with its password read from `passwordKey`. */
export interface ElasticsearchUser {
  readonly username: string;
  readonly passwordKey: string;
  readonly roles: readonly string[];
}

/** Least-privilege roles and users of the stack's own clients. */
export function clientAccounts(indices: readonly LogIndex[]): { roles: ElasticsearchRole[]; users: ElasticsearchUser[] } {
  const writer: ElasticsearchRole = {
    name: 'pipeline-log-writer',
    body: {
      cluster: [],
      // create_doc: add documents (bulk index requests with generated ids are authorized as creates),
      // never update or delete them; auto_configure: create the daily index on the first write and add
      // fields to its mapping. Nothing else.
      indices: [{ names: indices.map((index) => index.pattern), privileges: ['create_doc', 'auto_configure'] }],
    },
  };
  const monitor: ElasticsearchRole = {
    name: 'pipeline-metrics-reader',
    // cluster health, node stats and cluster info: what the exporter's default collectors read.
    body: { cluster: ['monitor'], indices: [] },
  };
  return {
    roles: [writer, monitor],
    users: [
      { username: 'fluentd', passwordKey: ELASTICSEARCH_USER_KEYS.fluentd, roles: [writer.name] },
      { username: 'elasticsearch-exporter', passwordKey: ELASTICSEARCH_USER_KEYS.exporter, roles: [monitor.name] },
    ],
  };
}

/** The committed sealed secret `elasticsearch-users` holding every password above. */
export function elasticsearchUsersSecret(scope: Construct, id: string, identity: ComponentIdentity): CommittedSealedSecret {
  return new CommittedSealedSecret(scope, id, {
    name: 'elasticsearch-users',
    identity,
    description: 'passwords of the Elasticsearch users of the logging stack (elastic, kibana_system, fluentd, elasticsearch-exporter)',
    keys: [
      { key: ELASTICSEARCH_USER_KEYS.elastic, description: 'password of the elastic superuser (bootstrap password; used by the setup Jobs and for logging in to Kibana)', devValue: DEV_VALUES.password(32) },
      { key: ELASTICSEARCH_USER_KEYS.kibanaSystem, description: 'password of the built-in kibana_system user Kibana connects as', devValue: DEV_VALUES.password(32) },
      { key: ELASTICSEARCH_USER_KEYS.fluentd, description: 'password of the fluentd user (create documents in the log indices only)', devValue: DEV_VALUES.password(32) },
      { key: ELASTICSEARCH_USER_KEYS.exporter, description: 'password of the elasticsearch-exporter user (cluster monitor only)', devValue: DEV_VALUES.password(32) },
    ],
  });
}

/** Kibana's encryption keys (sessions, saved objects, reports), stable across restarts. */
export const KIBANA_KEY_NAMES = {
  security: 'security-encryption-key',
  savedObjects: 'saved-objects-encryption-key',
  reporting: 'reporting-encryption-key',
} as const;

export function kibanaEncryptionKeysSecret(scope: Construct, id: string, identity: ComponentIdentity): CommittedSealedSecret {
  return new CommittedSealedSecret(scope, id, {
    name: 'kibana-encryption-keys',
    identity,
    description: "Kibana's encryption keys, so sessions and encrypted saved objects survive a restart",
    keys: [
      { key: KIBANA_KEY_NAMES.security, description: 'xpack.security.encryptionKey (≥ 32 characters)', devValue: DEV_VALUES.hex(32) },
      { key: KIBANA_KEY_NAMES.savedObjects, description: 'xpack.encryptedSavedObjects.encryptionKey (≥ 32 characters)', devValue: DEV_VALUES.hex(32) },
      { key: KIBANA_KEY_NAMES.reporting, description: 'xpack.reporting.encryptionKey (≥ 32 characters)', devValue: DEV_VALUES.hex(32) },
    ],
  });
}
