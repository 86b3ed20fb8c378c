import { Construct } from 'constructs';
import { objectKey, synthesizedObjects } from './manifests';

/**
 * Fails synth when two constructs emit the same object (same group, kind, namespace and name):
 * applied to a cluster, the second would silently overwrite the first.
 */
export class UniqueObjectNames extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addValidation({
      validate: () => {
        const seen = new Map<string, string>();
        const errors: string[] = [];
        for (const { constructPath, manifest } of synthesizedObjects(this.node.root)) {
          const key = objectKey(manifest);
          const first = seen.get(key);
          if (first) {
            errors.push(`${constructPath}: "${manifest.metadata.name}" is already the name of ${key} from ${first}; ` +
              'two objects with one name overwrite each other in the cluster — give one of them another name');
          } else {
            seen.set(key, constructPath);
          }
        }
        return errors;
      },
    });
  }
}
