/**
 * Server-side dry run of generated Kubernetes manifests against a real local
 * kube-apiserver (scripts/k8s/cluster.sh) holding the upstream CRDs of every
 * custom resource the microservice template generates (copied by
 * scripts/bootstrap.d/template-crds.sh from the projects' Go modules). The
 * apiserver checks each object as a cluster would on `kubectl apply
 * --server-side --dry-run=server`: the built-in types' validation, the CRDs'
 * structural schemas and server-side apply's typed merge; nothing is stored.
 */
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  controlPlaneAvailable,
  LocalCluster,
  startLocalCluster,
  TEMPLATE_CRDS_DIR,
} from '../harness/kube';

/** A local apiserver for dry runs; `stop()` stops it. */
export type DryRunCluster = {
  url: string;
  /**
   * The admin kubeconfig scripts/k8s/cluster.sh wrote (system:masters), for
   * kubectl and helm (KUBECONFIG).
   */
  kubeconfig: string;
  stop(): Promise<void>;
};

/** The CRD files scripts/bootstrap.d/template-crds.sh copies, and what they define. */
const CRD_FILES = [
  { file: 'application-crd.yaml', defines: 'Argo CD Application' },
  { file: 'rollout-crd.yaml', defines: 'Argo Rollouts Rollout' },
  {
    file: 'analysis-template-crd.yaml',
    defines: 'Argo Rollouts AnalysisTemplate',
  },
  {
    file: 'monitoring.coreos.com_servicemonitors.yaml',
    defines: 'prometheus-operator ServiceMonitor',
  },
  {
    file: 'monitoring.coreos.com_prometheusrules.yaml',
    defines: 'prometheus-operator PrometheusRule',
  },
  {
    file: 'external-secrets.io_externalsecrets.yaml',
    defines: 'External Secrets ExternalSecret',
  },
];

/** Where the generated manifests go (the overlays' and Argo CD's namespaces). */
const NAMESPACES = ['staging', 'production', 'argocd'];

const FIELD_MANAGER = 'runway-template-suite';
const REQUEST_TIMEOUT_MS = 30_000;
/** How long a CRD may take to be established before the start fails. */
const ESTABLISH_TIMEOUT_MS = 60_000;

type Response = { status: number; body: any };
type ApiResource = { name: string; kind: string; namespaced: boolean };
type Connection = {
  cluster: LocalCluster;
  agent: https.Agent;
  /** apiVersion -> its resources, from the apiserver's discovery. */
  discovery: Map<string, Promise<ApiResource[]>>;
};
const connections = new WeakMap<DryRunCluster, Connection>();

/** Why the cluster cannot start (control plane or CRDs missing), or undefined. */
export function dryRunClusterAvailable(): string | undefined {
  const controlPlane = controlPlaneAvailable();
  if (controlPlane) return controlPlane;
  const missing = CRD_FILES.filter(
    c => !fs.existsSync(path.join(TEMPLATE_CRDS_DIR, c.file)),
  ).map(c => `${c.file} (${c.defines})`);
  if (
    missing.length > 0 ||
    !fs.existsSync(path.join(TEMPLATE_CRDS_DIR, '.complete'))
  ) {
    return `the template's CRDs are incomplete in ${TEMPLATE_CRDS_DIR}${
      missing.length > 0 ? `, missing ${missing.join(', ')}` : ''
    }: run scripts/bootstrap --test (scripts/bootstrap.d/template-crds.sh copies them from the Go module proxy)`;
  }
  return undefined;
}

/**
 * Starts a dry-run cluster before the tests of the file or describe block it
 * is called in and stops it after them; the function it returns gives the
 * started cluster (a beforeAll that could not start it failed with the
 * reason).
 */
export function useDryRunCluster(): () => DryRunCluster {
  let cluster: DryRunCluster | undefined;
  beforeAll(async () => {
    cluster = await startDryRunCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('the dry-run cluster did not start');
    return cluster;
  };
}

/**
 * A local apiserver (no fixtures) with the CRDs above established and the
 * namespaces staging, production and argocd.
 */
export async function startDryRunCluster(): Promise<DryRunCluster> {
  const reason = dryRunClusterAvailable();
  if (reason) throw new Error(reason);
  const cluster = await startLocalCluster('template-dry-run', {
    fixtures: false,
  });
  const conn: Connection = {
    cluster,
    agent: new https.Agent({
      ca: fs.readFileSync(cluster.caFile),
      keepAlive: true,
    }),
    discovery: new Map(),
  };
  const handle: DryRunCluster = {
    url: cluster.url,
    kubeconfig: path.join(cluster.dir, 'kubeconfig'),
    async stop() {
      conn.agent.destroy();
      await cluster.stop();
    },
  };
  try {
    const crds = CRD_FILES.flatMap(c =>
      documents(fs.readFileSync(path.join(TEMPLATE_CRDS_DIR, c.file), 'utf8')),
    );
    for (const crd of crds) {
      await apply(
        conn,
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.object.metadata.name}`,
        crd.source,
      );
    }
    for (const name of NAMESPACES) {
      await apply(
        conn,
        `/api/v1/namespaces/${name}`,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name },
        }),
      );
    }
    await Promise.all(crds.map(crd => established(conn, crd.object)));
  } catch (e) {
    await handle.stop();
    throw e;
  }
  connections.set(handle, conn);
  return handle;
}

/**
 * Server-side dry run (dryRun=All, server-side apply with fieldManager
 * runway-template-suite, force, strict field validation) of every object in
 * the multi-document YAML; one line per refused object "<Kind>/<name>: <the
 * apiserver's message>", [] when all are accepted. A Namespace in the YAML
 * is dry-run too. Namespaced objects without a namespace go to `default`.
 */
export async function serverDryRun(
  cluster: DryRunCluster,
  yamlText: string,
): Promise<string[]> {
  const conn = connections.get(cluster);
  if (!conn)
    throw new Error('serverDryRun: not a cluster of startDryRunCluster');
  const refusals: string[] = [];
  for (const { source, object } of documents(yamlText)) {
    const kind = object?.kind ?? '<no kind>';
    const name = object?.metadata?.name;
    const label = `${kind}/${name ?? '<no name>'}`;
    if (!object?.apiVersion || !object?.kind || !name) {
      refusals.push(
        `${label}: apiVersion, kind and metadata.name are needed to apply it`,
      );
      continue;
    }
    const resource = await resourceFor(conn, object.apiVersion, kind);
    if (!resource) {
      refusals.push(
        `${label}: the apiserver serves no ${kind} in ${object.apiVersion}`,
      );
      continue;
    }
    const namespace = resource.namespaced
      ? `/namespaces/${encodeURIComponent(
          object.metadata.namespace ?? 'default',
        )}`
      : '';
    // fieldValidation=Strict as kubectl sends it: a field the schema does
    // not know is refused, not dropped with a warning
    const query = `dryRun=All&fieldManager=${FIELD_MANAGER}&force=true&fieldValidation=Strict`;
    const res = await call(
      conn,
      'PATCH',
      `${groupVersionPath(object.apiVersion)}${namespace}/${
        resource.name
      }/${encodeURIComponent(name)}?${query}`,
      source,
    );
    if (res.status >= 300) refusals.push(`${label}: ${message(res)}`);
  }
  return refusals;
}

/**
 * The documents of a multi-document YAML, each as its own source text (sent
 * as is, so the apiserver parses the YAML as it would from kubectl) and as
 * the object it holds; empty documents are left out.
 */
function documents(text: string): { source: string; object: any }[] {
  return parseAllDocuments(text).flatMap(doc => {
    if (doc.errors.length > 0) {
      throw new Error(`invalid YAML: ${doc.errors[0].message}`);
    }
    const object = doc.toJS();
    if (object === null || object === undefined) return [];
    return [{ source: text.slice(doc.range[0], doc.range[2]), object }];
  });
}

/** Server-side apply (stored: the CRDs and namespaces of the cluster itself). */
async function apply(conn: Connection, p: string, source: string) {
  const res = await call(
    conn,
    'PATCH',
    `${p}?fieldManager=${FIELD_MANAGER}&force=true`,
    source,
  );
  if (res.status >= 300) {
    throw new Error(`apply ${p}: ${res.status} ${message(res)}`);
  }
}

/** Waits until the CRD is Established and its resource is served. */
async function established(conn: Connection, crd: any) {
  const { name } = crd.metadata;
  const { group, names, versions } = crd.spec;
  const storage = versions.find((v: any) => v.storage)?.name;
  const deadline = Date.now() + ESTABLISH_TIMEOUT_MS;
  for (;;) {
    const res = await call(
      conn,
      'GET',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
    );
    const conditions: { type: string; status: string; message?: string }[] =
      res.body?.status?.conditions ?? [];
    const namesAccepted = conditions.find(c => c.type === 'NamesAccepted');
    if (namesAccepted?.status === 'False') {
      throw new Error(
        `CRD ${name}: names not accepted: ${namesAccepted.message}`,
      );
    }
    if (
      conditions.some(c => c.type === 'Established' && c.status === 'True') &&
      (
        await call(
          conn,
          'GET',
          `/apis/${group}/${storage}/${names.plural}?limit=1`,
        )
      ).status === 200
    ) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `CRD ${name} was not established within ${
          ESTABLISH_TIMEOUT_MS / 1000
        } s: ${JSON.stringify(conditions)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

function groupVersionPath(apiVersion: string) {
  return apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
}

/** The resource (plural, scope) of a kind, from the apiserver's discovery. */
async function resourceFor(
  conn: Connection,
  apiVersion: string,
  kind: string,
): Promise<ApiResource | undefined> {
  let resources = conn.discovery.get(apiVersion);
  if (!resources) {
    resources = call(conn, 'GET', groupVersionPath(apiVersion)).then(res =>
      res.status === 200 ? (res.body.resources as ApiResource[]) : [],
    );
    conn.discovery.set(apiVersion, resources);
  }
  return (await resources).find(r => r.kind === kind && !r.name.includes('/'));
}

/** The apiserver's message of a refusal (a Status object), else its text. */
function message(res: Response): string {
  if (typeof res.body?.message === 'string') return res.body.message;
  return `HTTP ${res.status} ${
    typeof res.body === 'string' ? res.body.trim() : JSON.stringify(res.body)
  }`;
}

/** One request as the cluster's admin; YAML bodies go as apply patches. */
function call(
  conn: Connection,
  method: string,
  p: string,
  body?: string,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(p, conn.cluster.url),
      {
        method,
        agent: conn.agent,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        headers: {
          authorization: `Bearer ${conn.cluster.adminToken}`,
          accept: 'application/json',
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/apply-patch+yaml' }),
        },
      },
      res => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (data += chunk));
        res.on('end', () => {
          let parsed: unknown = data;
          try {
            parsed = JSON.parse(data);
          } catch {
            // not JSON, e.g. "404 page not found" for an unknown group
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
