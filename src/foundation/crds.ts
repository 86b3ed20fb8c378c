import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { PlatformConfigError } from './errors';
import { packageRoot } from './package-root';

/** The folder of vendored upstream CRDs (copied unchanged from the pinned upstream releases). */
export function crdDirectory(): string {
  return path.join(packageRoot(), 'crds');
}

/**
 * Loads an upstream CRD and drops its `description` prose: the schema (and so the API server's
 * validation) is unchanged, while the manifest shrinks and stays readable in review.
 */
export function loadCustomResourceDefinition(scope: Construct, id: string, file: string): ApiObject {
  const fullPath = path.isAbsolute(file) ? file : path.join(crdDirectory(), file);
  if (!fs.existsSync(fullPath)) {
    throw new PlatformConfigError(scope.node.path, fullPath, 'is not a file', `vendor the upstream CRD into ${crdDirectory()}`);
  }
  const document = parse(fs.readFileSync(fullPath, 'utf8'));
  if (document?.kind !== 'CustomResourceDefinition') {
    throw new PlatformConfigError(scope.node.path, fullPath, 'does not hold a CustomResourceDefinition', 'point at the CRD file of the upstream release');
  }
  const { apiVersion, kind, metadata, spec } = stripDescriptions(document);
  return new ApiObject(scope, id, { apiVersion, kind, metadata: { name: metadata.name, annotations: metadata.annotations, labels: metadata.labels }, spec });
}

function stripDescriptions(value: any): any {
  if (Array.isArray(value)) {
    return value.map(stripDescriptions);
  }
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      // Only schema prose: a property *named* "description" in a schema's `properties` is kept.
      if (key === 'description' && typeof child === 'string') {
        continue;
      }
      result[key] = stripDescriptions(child);
    }
    return result;
  }
  return value;
}
