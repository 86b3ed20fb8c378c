/**
 * Turns the Kubernetes OpenAPI (swagger.json of a k8s.io/kubernetes release) and the vendored CRDs
 * into strict JSON schemas in kubeconform's layout, for offline validation:
 *
 *   node --require ts-node/register/transpile-only scripts/generate-schemas.ts <swagger.json> <crd-dir> <out-dir>
 *
 * Strict means what `kubectl --validate=strict` means: every object with declared properties rejects
 * unknown ones, so a misspelt field fails. File names follow kubeconform's `{kind}{-group}{-version}.json`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

type Schema = Record<string, any>;

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** kubeconform's file suffix for an apiVersion: `-apps-v1`, `-v1`, `-rbac-v1`, `-bitnami-v1alpha1`. */
export function kindSuffix(apiVersion: string): string {
  const [groupOrVersion, version] = apiVersion.split('/');
  const suffix = `-${groupOrVersion.split('.')[0].toLowerCase()}`;
  return version ? `${suffix}-${version.toLowerCase()}` : suffix;
}

/** Rejects unknown fields wherever a schema declares its properties (unless it says otherwise). */
function strict(schema: any): any {
  if (Array.isArray(schema)) {
    return schema.map(strict);
  }
  if (schema && typeof schema === 'object') {
    const result: Schema = {};
    for (const [key, value] of Object.entries(schema)) {
      result[key] = key === 'enum' || key === 'default' || key === 'example' ? value : strict(value);
    }
    if (result.format === 'int-or-string' || result['x-kubernetes-int-or-string'] === true) {
      delete result.type;
      delete result.format;
      result.oneOf = [{ type: 'string' }, { type: 'integer' }];
    }
    if (result.nullable === true && typeof result.type === 'string') {
      result.type = [result.type, 'null'];
    }
    if (result.properties && result.additionalProperties === undefined && result['x-kubernetes-preserve-unknown-fields'] !== true) {
      result.additionalProperties = false;
    }
    return result;
  }
  return schema;
}

function pinKind(schema: Schema, apiVersion: string, kind: string): Schema {
  return {
    ...schema,
    properties: {
      ...schema.properties,
      apiVersion: { type: 'string', enum: [apiVersion] },
      kind: { type: 'string', enum: [kind] },
    },
    required: [...new Set([...(schema.required ?? []), 'apiVersion', 'kind'])],
  };
}

/** Every definition `name` refers to, transitively (including itself). */
function closure(definitions: Record<string, Schema>, name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) {
    return seen;
  }
  seen.add(name);
  const visit = (node: any) => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      if (typeof node.$ref === 'string') {
        closure(definitions, node.$ref.replace('#/definitions/', ''), seen);
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(definitions[name]);
  return seen;
}

function builtInSchemas(swaggerFile: string, outDir: string): number {
  const swagger = JSON.parse(fs.readFileSync(swaggerFile, 'utf8'));
  const definitions: Record<string, Schema> = { ...swagger.definitions };
  // Quantities are strings in OpenAPI, but YAML authors write `cpu: 1` too; the API server accepts both.
  definitions[QUANTITY] = { oneOf: [{ type: 'string' }, { type: 'number' }] };
  let written = 0;
  for (const [name, definition] of Object.entries(definitions)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      const referenced = [...closure(definitions, name)].filter((n) => n !== name);
      const schema = strict({
        $schema: 'http://json-schema.org/draft-07/schema#',
        ...pinKind(definition, apiVersion, gvk.kind),
        definitions: Object.fromEntries(referenced.map((n) => [n, definitions[n]])),
      });
      fs.writeFileSync(path.join(outDir, `${gvk.kind.toLowerCase()}${kindSuffix(apiVersion)}.json`), JSON.stringify(schema));
      written++;
    }
  }
  return written;
}

function crdSchemas(crdDir: string, outDir: string): number {
  let written = 0;
  for (const file of fs.readdirSync(crdDir).filter((f) => f.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(fs.readFileSync(path.join(crdDir, file), 'utf8'))) {
      const crd = document.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') {
        continue;
      }
      for (const version of crd.spec.versions) {
        const apiVersion = `${crd.spec.group}/${version.name}`;
        const schema = strict({
          $schema: 'http://json-schema.org/draft-07/schema#',
          ...pinKind(version.schema.openAPIV3Schema, apiVersion, crd.spec.names.kind),
        });
        fs.writeFileSync(path.join(outDir, `${crd.spec.names.kind.toLowerCase()}${kindSuffix(apiVersion)}.json`), JSON.stringify(schema));
        written++;
      }
    }
  }
  return written;
}

if (require.main === module) {
  const [swaggerFile, crdDir, outDir] = process.argv.slice(2);
  if (!swaggerFile || !crdDir || !outDir) {
    console.error('usage: generate-schemas.ts <swagger.json> <crd-dir> <out-dir>');
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const builtIn = builtInSchemas(swaggerFile, outDir);
  const custom = crdSchemas(crdDir, outDir);
  console.log(`wrote ${builtIn} built-in and ${custom} CRD schemas to ${outDir}`);
}
