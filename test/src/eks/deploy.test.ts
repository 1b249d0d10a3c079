/*
 * The development path of a new service, end to end: the real backend (as
 * `make dev` runs it) creates a service from the microservice template (a
 * scaffolder task: rendered, published into a bare git repository and
 * registered in the catalog), scripts/k8s/deploy-service.sh deploys the
 * repository's staging overlay to a local control plane with a server-side
 * apply, kwok runs its pods, and the backend's Workloads route answers the
 * service's verdict from its watch cache. The same backend reads
 * payments-api's last crash logs through the apiserver (served by kwok).
 */
import path from 'node:path';
import {
  api,
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import {
  controlPlaneAvailable,
  LocalCluster,
  startLocalCluster,
} from '../harness/kube';
import { freePort, ROOT, runDir } from '../harness/processes';
import { COMBINATIONS, formValues } from '../template/combinations';
import { run } from '../template/tools';
import type {
  LogsResponse,
  WorkloadsResponse,
} from '@runway/plugin-eks-common';
import { eventually } from '../harness/eventually';

jest.setTimeout(300_000);

const NAME = 'ledger-api';
// Python, GitHub Actions, PostgreSQL (so an ExternalSecret the local
// cluster does not serve), internal, tier 2
const COMBINATION = {
  ...COMBINATIONS.find(
    c =>
      c.language === 'python' &&
      c.ci === 'github-actions' &&
      c.database === 'postgres',
  )!,
  // a Deployment (a canary's Rollout needs the Argo CRDs: argo.test.ts),
  // deployed from its kustomize overlay by deploy-service.sh
  packaging: 'kustomize' as const,
  deploy: 'pipeline' as const,
  release: 'rolling' as const,
  name: NAME,
};

const unavailable = controlPlaneAvailable();
if (unavailable) {
  test('local control plane available', () => {
    throw new Error(`cannot run the deploy test: ${unavailable}`);
  });
} else {
  describe('a service created from the template, deployed to the local staging cluster', () => {
    let cluster: LocalCluster;
    let backend: Backend;
    let token: string;
    let dir: string;
    const entityRef = `component:default/${NAME}`;

    beforeAll(async () => {
      dir = runDir('eks-deploy');
      cluster = await startLocalCluster('eks-staging-euw1');
      backend = await startBackend({
        port: await freePort(),
        dir,
        config: {
          eks: {
            sampleEksData: true,
            requestTimeoutMs: 3000,
            clusters: [
              {
                name: cluster.name,
                url: cluster.url,
                region: 'eu-west-1',
                caFile: cluster.caFile,
                auth: { type: 'serviceAccount', token: cluster.readerToken },
              },
            ],
          },
          runwayTemplates: {
            publish: {
              provider: 'local',
              local: { directory: path.join(dir, 'repos') },
            },
          },
        },
      });
      await waitForEntities(backend.baseUrl, 'kind=template', { count: 1 });
      await waitForEntities(backend.baseUrl, 'kind=group', { count: 3 });
      await waitForEntities(backend.baseUrl, 'kind=system', { count: 3 });
      token = await guestToken(backend.baseUrl);
    });

    afterAll(async () => {
      await backend?.stop();
      await cluster?.stop();
    });

    it('creates the service from the template: published and in the catalog', async () => {
      const { id } = await api<{ id: string }>(
        backend.baseUrl,
        token,
        '/api/scaffolder/v2/tasks',
        {
          method: 'POST',
          body: {
            templateRef: 'template:default/microservice',
            values: formValues(COMBINATION, 'Ledger entries for payments'),
          },
        },
      );
      const task = await eventually(
        'the scaffolder task to finish',
        async () => {
          const t = await api<{ status: string }>(
            backend.baseUrl,
            token,
            `/api/scaffolder/v2/tasks/${id}`,
          );
          return ['completed', 'failed', 'cancelled'].includes(t.status)
            ? t
            : undefined;
        },
        180_000,
      );
      if (task.status !== 'completed') {
        const events = await api<{ body: { message?: string } }[]>(
          backend.baseUrl,
          token,
          `/api/scaffolder/v2/tasks/${id}/events`,
        );
        throw new Error(
          `task ${task.status}:\n${events
            .map(e => e.body.message)
            .filter(Boolean)
            .join('\n')}`,
        );
      }
      const entity = await api<{
        metadata: { annotations: Record<string, string> };
      }>(
        backend.baseUrl,
        token,
        `/api/catalog/entities/by-name/component/default/${NAME}`,
      );
      expect(entity.metadata.annotations['backstage.io/kubernetes-id']).toBe(
        NAME,
      );
    });

    it('before the deploy, its Workloads tab has nothing in the cluster', async () => {
      const res = await api<WorkloadsResponse>(
        backend.baseUrl,
        token,
        `/api/eks/workloads?entity=${encodeURIComponent(entityRef)}`,
      );
      expect(res.errors).toEqual([]);
      expect(res.health.workloads).toEqual([]);
    });

    it('deploy-service.sh server-side applies its staging overlay from the published repository', async () => {
      const res = await run(
        path.join(ROOT, 'scripts/k8s/deploy-service.sh'),
        [NAME, 'staging'],
        {
          env: {
            RUNWAY_REPOS_DIR: path.join(dir, 'repos'),
            RUNWAY_K8S_CLUSTER_DIR: cluster.dir,
          },
          timeoutMs: 120_000,
        },
      );
      expect({ code: res.code, stderr: res.code ? res.stderr : '' }).toEqual({
        code: 0,
        stderr: '',
      });
      // no HPA controller here: the Deployment raised to the HPA's minimum
      expect(res.stderr).toContain(
        `Deployment/${NAME} scaled to its HPA's minimum, 2`,
      );
      // CRDs the local cluster does not have are skipped, and said so
      expect(res.stderr).toMatch(
        /skipped: .*ExternalSecret\/ledger-api.*|skipped: .*PrometheusRule\/ledger-api/,
      );
      const deployment = await cluster.request(
        'GET',
        `/apis/apps/v1/namespaces/staging/deployments/${NAME}`,
      );
      expect(deployment.status).toBe(200);
      expect(deployment.body.metadata.labels).toMatchObject({
        'backstage.io/kubernetes-id': NAME,
        environment: 'staging',
      });
      expect(
        deployment.body.metadata.managedFields.map(
          (f: { manager: string; operation: string }) =>
            `${f.manager} ${f.operation}`,
        ),
      ).toContain('runway-dev-deploy Apply');
    });

    it('its Workloads route then shows the running pods with a verdict', async () => {
      // The manifests leave the count to the HorizontalPodAutoscaler; the
      // local clusters run no HPA controller, so deploy-service.sh (apply.mjs)
      // raised the Deployment to the HPA's minimum as that controller would.
      const hpa = await cluster.request(
        'GET',
        `/apis/autoscaling/v2/namespaces/staging/horizontalpodautoscalers/${NAME}`,
      );
      expect(hpa.body.spec.minReplicas).toBe(2);
      const res = await eventually(
        'the deployed pods to run and reach the cache',
        async () => {
          const r = await api<WorkloadsResponse>(
            backend.baseUrl,
            token,
            `/api/eks/workloads?entity=${encodeURIComponent(entityRef)}`,
          );
          const w = r.health.workloads[0];
          return w &&
            w.deployments[0]?.desired === 2 &&
            w.deployments[0].ready === w.deployments[0].desired
            ? r
            : undefined;
        },
      );
      const w = res.health.workloads[0];
      expect(w).toMatchObject({
        cluster: 'eks-staging-euw1',
        namespace: 'staging',
        environment: 'staging',
      });
      expect(w.deployments[0]).toMatchObject({
        name: NAME,
        desired: 2,
        ready: 2,
        revision: 1,
      });
      expect(w.pods.map(p => [p.phase, p.ready])).toEqual([
        ['Running', true],
        ['Running', true],
      ]);
      // the golden path passes its own production-readiness checklist
      expect(w.checklist.filter(c => !c.ok)).toEqual([]);
      expect({
        verdict: res.health.verdict,
        reasons: res.health.reasons,
      }).toEqual({ verdict: 'healthy', reasons: [] });
    });

    it("reads payments-api's last crash logs through the apiserver from kwok", async () => {
      const payments = await eventually(
        'the payments-api crash loop in the cache',
        async () => {
          const r = await api<WorkloadsResponse>(
            backend.baseUrl,
            token,
            `/api/eks/workloads?entity=${encodeURIComponent(
              'component:default/payments-api',
            )}`,
          );
          return r.health.workloads[0]?.pods.find(
            p => p.problem?.reason === 'CrashLoopBackOff',
          )
            ? r
            : undefined;
        },
      );
      expect(payments.canReadLogs).toBe(true);
      const pod = payments.health.workloads[0].pods.find(
        p => p.problem?.reason === 'CrashLoopBackOff',
      )!;
      const q = new URLSearchParams({
        entity: 'component:default/payments-api',
        cluster: 'eks-staging-euw1',
        namespace: 'staging',
        pod: pod.name,
      });
      const logs = await api<LogsResponse>(
        backend.baseUrl,
        token,
        `/api/eks/logs?${q}`,
      );
      expect(logs).toMatchObject({ container: 'payments-api', previous: true });
      expect(logs.text).toContain('Traceback (most recent call last):');
      expect(logs.text).toContain(
        "sqlalchemy.exc.ArgumentError: Could not parse SQLAlchemy URL from string 'postgresql+asyncpg//payments'",
      );
      expect(logs.text.trim().split('\n').pop()).toBe(
        'ERROR:    Application startup failed. Exiting.',
      );
    });
  });
}
