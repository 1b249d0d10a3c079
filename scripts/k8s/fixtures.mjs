#!/usr/bin/env node
// Loads Runway's sample clusters (docs: plugins/eks-backend/README.md) into a
// local control plane started by scripts/k8s/cluster.sh:
//
//   node scripts/k8s/fixtures.mjs <state-dir> <eks-staging-euw1|eks-production-euw1>
//
// Everything is generated from a fixed seed: EKS-like node groups (on-demand
// t3.large, spot t3.large/t3a.large) as kwok nodes, the environment's
// namespace with Pod Security labels, and the sample services' workloads with
// the story of docs/architecture.md: payments-api crash-looping in staging
// after a bad deploy, inventory-api's HPA pinned at max in production, an
// image that cannot be pulled, a pod no node can fit, a PodDisruptionBudget
// that blocks evictions, a worker without probes. Idempotent: objects are
// created or replaced. It also applies the ClusterRole and ClusterRoleBinding
// Runway ships (k8s/cluster-reader/clusterrole.yaml, as-is): read-only access
// for the group `runway:cluster-reader` that Runway's reader token is in.
// With RUNWAY_K8S_ARGO_CRDS=<dir> (the upstream CRDs that
// scripts/bootstrap.d/template-crds.sh copies), it also installs Argo CD's
// Application and Argo Rollouts' Rollout CRDs and the Argo samples of
// scripts/k8s/argo-samples.mjs (storefront-web mid-canary in staging).
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { application, ARGO_NAMESPACE, ARGO_SERVICE, argoCrds, rolloutFrom, rolloutState } from './argo-samples.mjs';

const [stateDir, cluster] = process.argv.slice(2);
if (!stateDir || !cluster) {
  console.error('usage: fixtures.mjs <state-dir> <cluster-name>');
  process.exit(2);
}
const kubeconfig = fs.readFileSync(path.join(stateDir, 'kubeconfig'), 'utf8');
const server = /server: "([^"]+)"/.exec(kubeconfig)[1];
const token = fs.readFileSync(path.join(stateDir, 'admin.token'), 'utf8').trim();
const agent = new https.Agent({
  ca: fs.readFileSync(path.join(stateDir, 'ca.crt')),
  keepAlive: true,
});

/** Mulberry32: the fixed-seed generator behind every sample value. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function request(method, urlPath, body, contentType = 'application/json') {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(urlPath, server),
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body ? { 'content-type': contentType } : {}),
        },
        timeout: 15000,
      },
      res => {
        let data = '';
        res.on('data', c => (data += c));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: data ? JSON.parse(data) : undefined }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

/** Server-side apply: creates or updates, owned by the field manager `runway-fixtures`. */
async function apply(obj) {
  const { apiVersion, kind } = obj;
  const ns = obj.metadata.namespace;
  const plural = PLURALS[kind];
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const p = `${base}${ns ? `/namespaces/${ns}` : ''}/${plural}/${obj.metadata.name}`;
  const res = await request(
    'PATCH',
    `${p}?fieldManager=runway-fixtures&force=true`,
    obj,
    'application/apply-patch+yaml',
  );
  if (res.status >= 300) {
    throw new Error(`apply ${kind} ${obj.metadata.name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

async function patchStatus(obj, status) {
  const { apiVersion, kind } = obj;
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const p = `${base}/namespaces/${obj.metadata.namespace}/${PLURALS[kind]}/${obj.metadata.name}/status`;
  const res = await request('PATCH', p, { status }, 'application/merge-patch+json');
  if (res.status >= 300) throw new Error(`status ${kind} ${obj.metadata.name}: ${res.status} ${JSON.stringify(res.body)}`);
}

const PLURALS = {
  Namespace: 'namespaces',
  Node: 'nodes',
  Deployment: 'deployments',
  Service: 'services',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  PodDisruptionBudget: 'poddisruptionbudgets',
  NetworkPolicy: 'networkpolicies',
  Job: 'jobs',
  Event: 'events',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  CustomResourceDefinition: 'customresourcedefinitions',
  ServiceMonitor: 'servicemonitors',
  ReplicaSet: 'replicasets',
  Rollout: 'rollouts',
  Application: 'applications',
};

const ARGO_CRDS = process.env.RUNWAY_K8S_ARGO_CRDS || undefined;

const ENV = cluster.includes('production') ? 'production' : 'staging';
const random = rng(ENV === 'production' ? 20261127 : 20261126);
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

// --- node groups --------------------------------------------------------
// The sizes match the sample EKS data source's node groups
// (plugins/eks-backend/src/sample/sampleEks.ts).
const NODE_GROUPS = [
  { name: 'on-demand', capacityType: 'ON_DEMAND', types: ['t3.large'], count: ENV === 'production' ? 3 : 2 },
  { name: 'spot', capacityType: 'SPOT', types: ['t3.large', 't3a.large'], count: ENV === 'production' ? 3 : 2 },
];
function makeNodes() {
  const out = [];
  for (const group of NODE_GROUPS) {
    for (let i = 0; i < group.count; i++) {
      const ip = `10.${ENV === 'production' ? 1 : 0}.${Math.floor(random() * 48) + 16}.${Math.floor(random() * 250) + 2}`;
      const name = `ip-${ip.replaceAll('.', '-')}.eu-west-1.compute.internal`;
      const type = group.types[i % group.types.length];
      out.push({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
          labels: {
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            'eks.amazonaws.com/nodegroup': group.name,
            'eks.amazonaws.com/capacityType': group.capacityType,
            'node.kubernetes.io/instance-type': type,
            'topology.kubernetes.io/region': 'eu-west-1',
            'topology.kubernetes.io/zone': ZONES[i % ZONES.length],
            type: 'kwok',
          },
        },
        spec: { providerID: `aws:///${ZONES[i % ZONES.length]}/i-0${Math.floor(random() * 0xfffffffffff).toString(16).padStart(11, '0')}` },
        status: {
          // t3.large: 2 vCPU, 8 GiB; allocatable as EKS' AMI reserves it
          capacity: { cpu: '2', memory: '8047916Ki', pods: '35', 'ephemeral-storage': '20959212Ki' },
          allocatable: { cpu: '1930m', memory: '7224620Ki', pods: '35', 'ephemeral-storage': '18242267924' },
          nodeInfo: { kubeletVersion: 'v1.34.4-eks', architecture: 'amd64', operatingSystem: 'linux', osImage: 'Amazon Linux 2023', containerRuntimeVersion: 'containerd://1.7.27', kernelVersion: '6.1.141', kubeProxyVersion: '', machineID: '', systemUUID: '', bootID: '' },
        },
      });
    }
  }
  return out;
}

const NODES = makeNodes();

// --- workloads ----------------------------------------------------------
const OWNERS = {
  'storefront-web': 'team-checkout',
  'checkout-api': 'team-checkout',
  'inventory-api': 'team-checkout',
  'payments-api': 'team-payments',
  'billing-worker': 'team-payments',
  runway: 'platform-ops',
};
function labels(name, system = 'storefront') {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': name === 'runway' ? 'runway' : system,
    'backstage.io/kubernetes-id': name,
    'runway.io/team': OWNERS[name] ?? 'platform-ops',
    environment: ENV,
  };
}

function deployment(name, opts) {
  const {
    namespace = ENV,
    replicas = 2,
    image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}:1.${Math.floor(random() * 20)}.${Math.floor(random() * 10)}`,
    probes = true,
    secure = true,
    simulate,
    cpu = '250m',
    memory = '256Mi',
    port = 8080,
    extraAnnotations = {},
  } = opts;
  const container = {
    name,
    image,
    ports: [{ name: 'http', containerPort: port }],
    resources: { requests: { cpu, memory }, limits: { memory } },
    ...(probes
      ? {
          readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 10 },
          livenessProbe: { httpGet: { path: '/livez', port: 'http' }, periodSeconds: 20 },
        }
      : {}),
    ...(secure
      ? { securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false } }
      : {}),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: labels(name), annotations: extraAnnotations },
    spec: {
      replicas,
      progressDeadlineSeconds: 30,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: labels(name),
          annotations: simulate ? { 'runway.io/simulate': simulate } : {},
        },
        spec: {
          serviceAccountName: 'default',
          securityContext: secure ? { runAsNonRoot: true, runAsUser: 10001 } : {},
          containers: [container],
          terminationGracePeriodSeconds: 5,
        },
      },
    },
  };
}

const service = (name, namespace = ENV) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace, labels: labels(name) },
  spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
});
const hpa = (name, min, max, namespace = ENV) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace, labels: labels(name) },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
    minReplicas: min,
    maxReplicas: max,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
  },
});
const pdb = (name, spec, namespace = ENV) => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace, labels: labels(name) },
  spec: { ...spec, selector: { matchLabels: { 'app.kubernetes.io/name': name } } },
});
const netpol = (name, namespace = ENV) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace, labels: labels(name) },
  spec: {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
    policyTypes: ['Ingress'],
    ingress: [{ ports: [{ port: 8080 }] }],
  },
});
const serviceMonitor = (name, namespace = ENV) => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name, namespace, labels: labels(name) },
  spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name } }, endpoints: [{ port: 'http', path: '/metrics' }] },
});

/** Objects for one service: Deployment, Service, and the baseline extras it has. */
function serviceObjects(name, opts = {}) {
  const { namespace = ENV, hpaRange, pdbSpec = { minAvailable: 1 }, withNetpol = true, withMonitor = true } = opts;
  const objs = [deployment(name, { namespace, ...opts }), service(name, namespace)];
  if (hpaRange) objs.push(hpa(name, hpaRange[0], hpaRange[1], namespace));
  if (pdbSpec) objs.push(pdb(name, pdbSpec, namespace));
  if (withNetpol) objs.push(netpol(name, namespace));
  if (withMonitor) objs.push(serviceMonitor(name, namespace));
  return objs;
}

function workloads() {
  const prod = ENV === 'production';
  const objs = [
    ...serviceObjects('storefront-web', { replicas: prod ? 3 : 2, hpaRange: prod ? [3, 10] : [2, 4], port: 3000 }),
    ...serviceObjects('checkout-api', { replicas: prod ? 3 : 2, hpaRange: prod ? [3, 8] : [2, 4] }),
    // production: the HPA is pinned at its maximum (status below)
    ...serviceObjects('inventory-api', { replicas: prod ? 6 : 2, hpaRange: prod ? [2, 6] : [2, 4] }),
    ...serviceObjects('payments-api', { replicas: 2, hpaRange: [2, 4] }),
    // a queue consumer without probes, whose PDB allows no eviction at all
    ...serviceObjects('billing-worker', {
      replicas: 2,
      probes: false,
      pdbSpec: { minAvailable: 2 },
      withMonitor: false,
      cpu: '500m',
      memory: '512Mi',
    }),
  ];
  if (!ARGO_CRDS) return objs;
  // Argo: the service is rolled out by a Rollout (its HPA scales that)
  return objs.map(o => {
    if (o.metadata.name !== ARGO_SERVICE) return o;
    if (o.kind === 'Deployment') return rolloutFrom(o);
    if (o.kind === 'HorizontalPodAutoscaler') {
      return { ...o, spec: { ...o.spec, minReplicas: 4, maxReplicas: 8, scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: ARGO_SERVICE } } };
    }
    return o;
  });
}

const CRD_SERVICEMONITOR = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'servicemonitors.monitoring.coreos.com' },
  spec: {
    group: 'monitoring.coreos.com',
    names: { kind: 'ServiceMonitor', listKind: 'ServiceMonitorList', plural: 'servicemonitors', singular: 'servicemonitor' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        // a pass-through schema: only the kind matters to Runway's checklist
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

// The shipped reader role and its binding (group `runway:cluster-reader`),
// exactly as k8s/cluster-reader/clusterrole.yaml defines them.
const READER_RBAC = YAML.parseAllDocuments(
  fs.readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), '../../k8s/cluster-reader/clusterrole.yaml'),
    'utf8',
  ),
)
  .map(doc => doc.toJS())
  .filter(obj => obj && (obj.kind === 'ClusterRole' || obj.kind === 'ClusterRoleBinding'));
if (READER_RBAC.length !== 2) {
  throw new Error('k8s/cluster-reader/clusterrole.yaml must hold one ClusterRole and one ClusterRoleBinding');
}

const sleep = ms => new Promise(r => setTimeout(r, ms));
async function waitFor(what, fn, timeoutMs = 90000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}
async function list(p) {
  const res = await request('GET', p);
  if (res.status !== 200) throw new Error(`GET ${p}: ${res.status}`);
  return res.body.items;
}

async function warningEvent(pod, reason, message, count) {
  const now = new Date().toISOString();
  const name = `${pod.metadata.name}.${reason.toLowerCase()}`;
  await request('DELETE', `/api/v1/namespaces/${pod.metadata.namespace}/events/${name}`);
  const res = await request('POST', `/api/v1/namespaces/${pod.metadata.namespace}/events`, {
    metadata: { name, namespace: pod.metadata.namespace },
    involvedObject: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: 'v1', fieldPath: `spec.containers{${pod.spec.containers[0].name}}` },
    reason,
    message,
    type: 'Warning',
    count,
    firstTimestamp: new Date(Date.now() - 40 * 60_000).toISOString(),
    lastTimestamp: now,
    source: { component: 'kubelet', host: pod.spec.nodeName },
    reportingComponent: 'kubelet',
    reportingInstance: pod.spec.nodeName ?? '',
  });
  if (res.status >= 300) throw new Error(`event ${name}: ${res.status} ${JSON.stringify(res.body)}`);
}

async function main() {
  const started = Date.now();
  const prod = ENV === 'production';
  await apply(CRD_SERVICEMONITOR);
  if (ARGO_CRDS) for (const crd of argoCrds(ARGO_CRDS)) await apply(crd);
  for (const obj of READER_RBAC) await apply(obj);
  for (const ns of [ENV, 'platform', ...(prod ? ['runway'] : []), ...(ARGO_CRDS ? [ARGO_NAMESPACE] : [])]) {
    await apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          environment: ENV,
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
  }
  for (const node of NODES) {
    const existing = await request('GET', `/api/v1/nodes/${node.metadata.name}`);
    if (existing.status === 404) {
      const res = await request('POST', '/api/v1/nodes', node);
      if (res.status >= 300) throw new Error(`node: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
  await waitFor('the nodes to be Ready', async () => {
    const items = await list('/api/v1/nodes');
    return NODES.every(n => items.some(i => i.metadata.name === n.metadata.name && i.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True')));
  });
  await waitFor('the CRD to be served', async () => (await request('GET', `/apis/monitoring.coreos.com/v1/servicemonitors`)).status === 200);
  if (ARGO_CRDS) {
    for (const plural of ['applications', 'rollouts']) {
      await waitFor(`the Argo ${plural} CRD to be served`, async () => (await request('GET', `/apis/argoproj.io/v1alpha1/${plural}`)).status === 200);
    }
  }

  const objs = workloads();
  if (prod) objs.push(...serviceObjects('runway', { namespace: 'runway', replicas: 2, hpaRange: [2, 4], port: 7007 }));
  for (const obj of objs) await apply(obj);
  if (ARGO_CRDS) {
    const rollout = objs.find(o => o.kind === 'Rollout');
    const created = await apply(rollout);
    const state = rolloutState(rollout, created);
    for (const rs of state.replicaSets) await apply(rs);
    await patchStatus(rollout, state.status);
    await apply(application(ENV, rollout.metadata.labels, state.status));
  }

  // platform namespace: an add-on whose image tag does not exist
  await apply({
    ...deployment('external-dns', {
      namespace: 'platform',
      replicas: 1,
      image: 'registry.k8s.io/external-dns/external-dns:v0.14.9-typo',
      simulate: 'imagepull',
    }),
    metadata: { name: 'external-dns', namespace: 'platform', labels: { 'app.kubernetes.io/name': 'external-dns', 'app.kubernetes.io/part-of': 'platform', environment: ENV } },
  });

  if (prod) {
    // a one-off job that asks for more CPU than any t3.large has: Pending, unschedulable
    await apply({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'billing-worker-reprocess', namespace: ENV, labels: labels('billing-worker') },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { labels: { ...labels('billing-worker'), 'app.kubernetes.io/component': 'reprocess' } },
          spec: {
            restartPolicy: 'Never',
            securityContext: { runAsNonRoot: true, runAsUser: 10001 },
            containers: [{
              name: 'reprocess',
              image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing-worker:1.8.2',
              resources: { requests: { cpu: '4', memory: '2Gi' }, limits: { memory: '2Gi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    });
  }

  // inventory-api in production: the HPA controller (no metrics server here)
  // would report it pinned at max; set that status as the controller writes it.
  if (prod) {
    const inv = objs.find(o => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'inventory-api');
    const now = new Date().toISOString();
    await patchStatus(inv, {
      currentReplicas: 6,
      desiredReplicas: 6,
      lastScaleTime: new Date(Date.now() - 3 * 3600_000).toISOString(),
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 93, averageValue: '232m' } } }],
      conditions: [
        { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size', lastTransitionTime: now },
        { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', lastTransitionTime: now },
        { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count', lastTransitionTime: now },
      ],
    });
  }
  // every other HPA: at its current size, within range
  for (const h of objs.filter(o => o.kind === 'HorizontalPodAutoscaler' && !(prod && o.metadata.name === 'inventory-api'))) {
    const dep = objs.find(o => (o.kind === 'Deployment' || o.kind === 'Rollout') && o.metadata.name === h.metadata.name && o.metadata.namespace === h.metadata.namespace);
    const now = new Date().toISOString();
    await patchStatus(h, {
      currentReplicas: dep.spec.replicas,
      desiredReplicas: dep.spec.replicas,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 35 + Math.floor(random() * 20), averageValue: '100m' } } }],
      conditions: [
        { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size', lastTransitionTime: now },
        { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count', lastTransitionTime: now },
        { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range', lastTransitionTime: now },
      ],
    });
  }

  // payments-api in staging: revision 1 runs, then a bad deploy (revision 2)
  // crash-loops; maxUnavailable 0 keeps the old pods serving.
  if (!prod) {
    await waitFor('payments-api revision 1 to be available', async () => {
      const d = (await request('GET', `/apis/apps/v1/namespaces/${ENV}/deployments/payments-api`)).body;
      return d?.status?.availableReplicas === 2 && d.status.updatedReplicas === 2;
    });
    const bad = deployment('payments-api', {
      replicas: 2,
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api:2.0.0',
      simulate: 'crashloop',
      extraAnnotations: { 'kubernetes.io/change-cause': 'deploy payments-api 2.0.0 (pipeline #4812)' },
    });
    await apply(bad);
  }

  // wait until every simulated failure shows, then record the kubelet's warnings
  const pods = await waitFor('the sample pods to be scheduled', async () => {
    const items = await list(`/api/v1/pods`);
    const sim = items.filter(p => p.metadata.annotations?.['runway.io/simulate']);
    const want = prod ? 1 : 2;
    const ready = sim.filter(p => p.status?.containerStatuses?.length);
    return ready.length >= want ? items : undefined;
  });
  for (const pod of pods) {
    const sim = pod.metadata.annotations?.['runway.io/simulate'];
    if (sim === 'crashloop') {
      await warningEvent(pod, 'BackOff', `Back-off restarting failed container ${pod.spec.containers[0].name} in pod ${pod.metadata.name}`, 14);
    } else if (sim === 'imagepull') {
      await warningEvent(pod, 'Failed', `Failed to pull image "${pod.spec.containers[0].image}": rpc error: code = NotFound desc = failed to pull and unpack image: not found`, 9);
    }
  }
  console.error(`fixtures: ${cluster} loaded (${objs.length} objects, ${NODES.length} nodes) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().then(
  () => agent.destroy(),
  err => {
    console.error(`fixtures: ${err.stack ?? err}`);
    process.exit(1);
  },
);
