import { ApiSetupPlan, secretPlaceholder } from './api-setup-script';
import { ElasticsearchRole, ElasticsearchUser } from './elasticsearch-users';

/**
 * The Elasticsearch users of the stack: sets the built-in kibana_system user's password (Kibana 8
 * refuses the elastic superuser) and creates the least-privilege roles and users of Fluentd and the
 * exporter. PUT and the password API both overwrite, so re-running changes nothing — and re-sealing
 * a password, then re-running the Job, rotates it.
 */
export function securityPlan(kibanaSystemPasswordKey: string, roles: readonly ElasticsearchRole[], users: readonly ElasticsearchUser[]): ApiSetupPlan {
  return {
    title: 'Elasticsearch users: kibana_system password, Fluentd and exporter accounts',
    waitFor: ['elasticsearch'],
    requests: [
      {
        description: 'password of kibana_system',
        target: 'elasticsearch',
        method: 'POST',
        path: '/_security/user/kibana_system/_password',
        body: { password: secretPlaceholder(kibanaSystemPasswordKey) },
      },
      ...roles.map((role) => ({
        description: `role ${role.name}`,
        target: 'elasticsearch' as const,
        method: 'PUT' as const,
        path: `/_security/role/${role.name}`,
        body: role.body,
      })),
      ...users.map((user) => ({
        description: `user ${user.username}`,
        target: 'elasticsearch' as const,
        method: 'PUT' as const,
        path: `/_security/user/${user.username}`,
        body: { password: secretPlaceholder(user.passwordKey), roles: user.roles, full_name: `${user.username} (pipeline-ops logging stack)` },
      })),
    ],
  };
}
