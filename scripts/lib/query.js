#!/usr/bin/env node
// Reads the synthesized output for the cluster scripts, so they never parse YAML with grep.
//   query.js names <manifest.yaml> <Kind>       names of objects of that kind, one per line
//   query.js rollout-names <manifest.yaml> <Kind>  the same, without workloads that wait for a service outside the platform
//   query.js external <manifest.yaml>           "Kind/name: what it waits for" per such workload
//   query.js namespace <manifest.yaml>          the namespace of the chart's objects (none if it has none)
//   query.js cluster-name <kind-config.yaml>    the kind cluster's name
//   query.js ui-endpoints <ui-endpoints.json>   "name healthUrl" per line
'use strict';
const fs = require('node:fs');
const { parseAllDocuments } = require('yaml');

const [command, file, kind] = process.argv.slice(2);
// src/foundation/external-dependency.ts
const EXTERNAL_DEPENDENCY_ANNOTATION = 'pipeline-ops/external-dependency';
const externalDependency = (doc) => doc.metadata?.annotations?.[EXTERNAL_DEPENDENCY_ANNOTATION];
const documents = () => parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter(Boolean);

switch (command) {
  case 'names':
    for (const doc of documents().filter((d) => d.kind === kind)) console.log(doc.metadata.name);
    break;
  case 'rollout-names':
    for (const doc of documents().filter((d) => d.kind === kind && !externalDependency(d))) console.log(doc.metadata.name);
    break;
  case 'external':
    for (const doc of documents().filter(externalDependency)) console.log(`${doc.kind}/${doc.metadata.name}: ${externalDependency(doc)}`);
    break;
  case 'namespace': {
    // Empty output for a chart without objects; an error for one that mixes namespaces.
    const namespaces = new Set(documents().map((d) => d.metadata.namespace).filter(Boolean));
    if (namespaces.size > 1) throw new Error(`${file} holds objects of ${namespaces.size} namespaces`);
    if (namespaces.size === 1) console.log([...namespaces][0]);
    break;
  }
  case 'cluster-name':
    console.log(documents()[0].name);
    break;
  case 'ui-endpoints':
    for (const ui of JSON.parse(fs.readFileSync(file, 'utf8'))) console.log(`${ui.name} ${ui.healthUrl}`);
    break;
  default:
    console.error('usage: query.js names|rollout-names|external|namespace|cluster-name|ui-endpoints <file> [Kind]');
    process.exit(2);
}
