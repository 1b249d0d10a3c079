// Validates every Kubernetes object in the given YAML files against the
// offline schemas of kubernetes-models, @kubernetes-models/prometheus-operator,
// @kubernetes-models/external-secrets, @kubernetes-models/argo-rollouts
// (Rollout, AnalysisTemplate) and @kubernetes-models/argo-cd (Application)
// (ESM packages, hence a script).
// Prints one line per invalid object and exits 1 when any is invalid.
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';

const MODELS = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'rbac.authorization.k8s.io/v1':
    'kubernetes-models/rbac.authorization.k8s.io/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'policy/v1': 'kubernetes-models/policy/v1',
  'monitoring.coreos.com/v1':
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'external-secrets.io/v1':
    '@kubernetes-models/external-secrets/external-secrets.io/v1',
  // one API group, two projects: the first module that has the kind
  'argoproj.io/v1alpha1': [
    '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1',
    '@kubernetes-models/argo-cd/argoproj.io/v1alpha1',
  ],
};

async function model(apiVersion, kind) {
  for (const module of [].concat(MODELS[apiVersion] ?? [])) {
    const Model = (await import(module))[kind];
    if (Model) return Model;
  }
  return undefined;
}

let invalid = 0;
let count = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const obj = doc.toJS();
    if (!obj) continue;
    count++;
    const where = `${file}: ${obj.apiVersion} ${obj.kind} ${obj.metadata?.name}`;
    const Model = await model(obj.apiVersion, obj.kind);
    if (!Model) {
      console.log(`${where}: no schema`);
      invalid++;
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (error) {
      console.log(`${where}: ${error.message}`);
      invalid++;
    }
  }
}
console.log(`${count} objects, ${invalid} invalid`);
process.exit(invalid ? 1 : 0);
