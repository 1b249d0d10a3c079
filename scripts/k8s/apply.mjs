#!/usr/bin/env node
// Server-side applies Kubernetes manifests (multi-document YAML on stdin) to
// a local cluster started by scripts/k8s/cluster.sh, as its admin:
//
//   kustomize build k8s/overlays/staging | node scripts/k8s/apply.mjs .runway/k8s/eks-staging-euw1
//
// Kinds the cluster does not serve (CRDs that are not installed, e.g.
// ExternalSecret, PrometheusRule) are skipped and listed.
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import YAML from 'yaml';

const [stateDir] = process.argv.slice(2);
if (!stateDir) {
  console.error('usage: apply.mjs <state-dir> < manifests.yaml');
  process.exit(2);
}
const kubeconfig = fs.readFileSync(path.join(stateDir, 'kubeconfig'), 'utf8');
const server = /server: "([^"]+)"/.exec(kubeconfig)[1];
const token = fs.readFileSync(path.join(stateDir, 'admin.token'), 'utf8').trim();
const agent = new https.Agent({ ca: fs.readFileSync(path.join(stateDir, 'ca.crt')) });

function request(method, p, body, contentType = 'application/json') {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(p, server), { method, agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': contentType } : {}) }, timeout: 15000 }, res => {
      let data = '';
      res.on('data', c => (data += c));
      res.on('end', () => {
        let body;
        try {
          body = data ? JSON.parse(data) : undefined;
        } catch {
          body = { message: data }; // e.g. "404 page not found" for an unknown API group
        }
        resolve({ status: res.statusCode, body });
      });
    });
    req.on('error', reject);
    if (body) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

const discovery = new Map();
/** kind -> { plural, namespaced } for an apiVersion, from the apiserver's discovery. */
async function resourceFor(apiVersion, kind) {
  if (!discovery.has(apiVersion)) {
    const res = await request('GET', apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
    discovery.set(apiVersion, res.status === 200 ? res.body.resources : []);
  }
  const r = discovery.get(apiVersion).find(x => x.kind === kind && !x.name.includes('/'));
  return r ? { plural: r.name, namespaced: r.namespaced } : undefined;
}

const docs = YAML.parseAllDocuments(fs.readFileSync(0, 'utf8')).map(d => d.toJSON()).filter(Boolean);
// namespaces first, then everything else in order
docs.sort((a, b) => (b.kind === 'Namespace') - (a.kind === 'Namespace'));
const skipped = [];
let applied = 0;
for (const obj of docs) {
  const r = await resourceFor(obj.apiVersion, obj.kind);
  if (!r) {
    skipped.push(`${obj.kind}/${obj.metadata.name}`);
    continue;
  }
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const ns = r.namespaced ? `/namespaces/${obj.metadata.namespace ?? 'default'}` : '';
  const res = await request('PATCH', `${base}${ns}/${r.plural}/${obj.metadata.name}?fieldManager=runway-dev-deploy&force=true`, obj, 'application/apply-patch+yaml');
  if (res.status >= 300) {
    console.error(`apply: ${obj.kind}/${obj.metadata.name}: ${res.status} ${res.body?.message ?? ''}`);
    process.exitCode = 1;
  } else {
    applied++;
  }
}
// The local clusters run no HPA controller (their fixtures write HPA
// statuses themselves): do what it does first for what was just applied,
// raise each workload an HPA targets to the HPA's minimum (the golden path's
// manifests leave the count to the HPA).
for (const hpa of docs.filter(o => o.kind === 'HorizontalPodAutoscaler')) {
  const target = hpa.spec?.scaleTargetRef;
  const r = target && (await resourceFor(target.apiVersion, target.kind));
  if (!r || !hpa.spec.minReplicas) continue;
  const base = target.apiVersion.includes('/') ? `/apis/${target.apiVersion}` : `/api/${target.apiVersion}`;
  const scale = `${base}/namespaces/${hpa.metadata.namespace ?? 'default'}/${r.plural}/${target.name}/scale`;
  const current = await request('GET', scale);
  if (current.status !== 200 || current.body.spec.replicas >= hpa.spec.minReplicas) continue;
  const res = await request('PATCH', scale, { spec: { replicas: hpa.spec.minReplicas } }, 'application/merge-patch+json');
  if (res.status >= 300) console.error(`apply: scaling ${target.kind}/${target.name}: ${res.status} ${res.body?.message ?? ''}`);
  else console.error(`apply: ${target.kind}/${target.name} scaled to its HPA's minimum, ${hpa.spec.minReplicas}`);
}
console.error(`apply: ${applied} object(s) applied${skipped.length ? `; not served by this cluster, skipped: ${skipped.join(', ')}` : ''}`);
agent.destroy();
