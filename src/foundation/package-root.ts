import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/**
 * The folder of this package's package.json, both from sources (src/…) and from the compiled
 * library (lib/src/…), so bundled data files (crds/, dashboards) resolve either way.
 */
export function packageRoot(): string {
  if (cached) {
    return cached;
  }
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'cdk8s-pipeline-ops') {
      cached = dir;
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`cannot find the cdk8s-pipeline-ops package.json above ${__dirname}`);
    }
  }
}
