import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { ComponentIdentity } from '../foundation/labels';
import { CommittedSealedSecret } from '../secrets/committed-sealed-secret';
import { DEV_VALUES } from '../secrets/secret-requirement';
import { connectionEnvName, PipelineConnection } from './connections';

/**
 * github.com's published SSH host key (ed25519), the development value of known_hosts: git-sync
 * verifies the host it pulls from, so a cluster of your own seals the line of its own git host.
 */
export const GITHUB_KNOWN_HOSTS = 'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

/** Key names of the Airflow credentials, so callers never repeat strings. */
export const AIRFLOW_SECRET_KEYS = {
  databaseUser: 'username',
  databasePassword: 'password',
  fernetKey: 'fernet-key',
  apiSecretKey: 'api-secret-key',
  jwtSecret: 'jwt-secret',
  adminPassword: 'password',
  gitSshKey: 'ssh',
  gitKnownHosts: 'known_hosts',
} as const;

export interface AirflowSecretsProps {
  readonly identity: ComponentIdentity;
  readonly connections: readonly PipelineConnection[];
}

/**
 * Every credential of the Airflow stack, each created once and committed sealed (never generated at
 * synth, so an upgrade cannot rotate the fernet key or the JWT secret by accident).
 */
export class AirflowSecrets extends Construct {
  readonly metadataDatabase: CommittedSealedSecret;
  readonly core: CommittedSealedSecret;
  readonly admin: CommittedSealedSecret;
  readonly connections: CommittedSealedSecret;
  readonly gitSync: CommittedSealedSecret;

  constructor(scope: Construct, id: string, props: AirflowSecretsProps) {
    super(scope, id);
    const k = AIRFLOW_SECRET_KEYS;
    const identity = props.identity;
    this.metadataDatabase = new CommittedSealedSecret(this, 'metadata-db', {
      name: 'airflow-metadata-db',
      identity,
      description: 'PostgreSQL credentials of the Airflow metadata database',
      keys: [
        { key: k.databaseUser, description: 'database owner role', devValue: DEV_VALUES.literal('airflow') },
        // URL-safe: it is written into the SQLAlchemy URL unescaped.
        { key: k.databasePassword, description: 'password of that role (URL-safe characters only)', devValue: DEV_VALUES.password(32) },
      ],
    });
    this.core = new CommittedSealedSecret(this, 'core', {
      name: 'airflow-core',
      identity,
      description: "Airflow's own keys: connection encryption, UI sessions and task tokens",
      keys: [
        { key: k.fernetKey, description: 'Fernet key that encrypts connections and variables in the database', devValue: DEV_VALUES.fernetKey() },
        { key: k.apiSecretKey, description: '[api] secret_key signing UI sessions (same on every api-server)', devValue: DEV_VALUES.hex(32) },
        { key: k.jwtSecret, description: '[api_auth] jwt_secret shared by the scheduler (signs task tokens) and the api-server (checks them)', devValue: DEV_VALUES.hex(64) },
      ],
    });
    this.admin = new CommittedSealedSecret(this, 'admin', {
      name: 'airflow-admin',
      identity,
      description: "password of the Airflow UI's admin user",
      keys: [{ key: k.adminPassword, description: 'admin password', devValue: DEV_VALUES.password(24) }],
    });
    this.connections = new CommittedSealedSecret(this, 'connections', {
      name: 'airflow-connections',
      identity,
      description: 'connections of the pipeline DAGs (AIRFLOW_CONN_* in JSON form)',
      keys: props.connections.map((c) => ({ key: connectionEnvName(c.connId), description: c.description, devValue: c.devValue })),
    });
    this.gitSync = new CommittedSealedSecret(this, 'git-sync', {
      name: 'airflow-git-sync',
      identity,
      description: 'deploy key git-sync pulls the DAG repository with, and the host key it verifies',
      keys: [
        { key: k.gitSshKey, description: 'SSH private key (register its public half as a read-only deploy key)', devValue: (random) => random.sshKeyPair().privateKey },
        { key: k.gitKnownHosts, description: 'known_hosts line(s) of the git host', devValue: DEV_VALUES.literal(GITHUB_KNOWN_HOSTS) },
      ],
    });
  }
}

/**
 * A checksum of the sealed values of `keys` in a committed sealed secret: it changes exactly when
 * those values are re-sealed, so a pod annotation with it rolls the pods that read them.
 */
export function sealedChecksum(secret: CommittedSealedSecret, keys: readonly string[]): string {
  const hash = crypto.createHash('sha256');
  if (fs.existsSync(secret.file)) {
    const encrypted = parse(fs.readFileSync(secret.file, 'utf8'))?.spec?.encryptedData ?? {};
    for (const key of keys) {
      hash.update(`${key}=${encrypted[key] ?? ''}\n`);
    }
  }
  return hash.digest('hex');
}
