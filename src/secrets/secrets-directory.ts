import * as path from 'node:path';
import { IConstruct } from 'constructs';

/** Context key that points the stacks at another folder of committed sealed secrets. */
export const SECRETS_DIRECTORY_CONTEXT = 'pipeline-ops:secretsDirectory';

/** The folder of committed sealed secrets: the app context's `pipeline-ops:secretsDirectory`, or `./secrets`. */
export function secretsDirectory(scope: IConstruct): string {
  const configured = scope.node.tryGetContext(SECRETS_DIRECTORY_CONTEXT);
  return path.resolve(typeof configured === 'string' ? configured : path.join(process.cwd(), 'secrets'));
}

/** Where the sealed file of `namespace/name` lives. */
export function sealedSecretFile(directory: string, namespace: string, name: string): string {
  return path.join(directory, namespace, `${name}.sealed.yaml`);
}

/** Where its plaintext env file lives in the git-ignored `.secrets/` folder. */
export function plaintextEnvFile(namespace: string, name: string): string {
  return path.join('.secrets', namespace, `${name}.env`);
}

/** The exact command that seals a credential from its env file. */
export function sealCommand(namespace: string, name: string): string {
  return `npm run seal -- --cert <controller-cert.pem> --namespace ${namespace} --name ${name} --from-env-file ${plaintextEnvFile(namespace, name)}`;
}
