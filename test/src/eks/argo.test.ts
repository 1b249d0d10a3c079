/*
 * Argo CD and Argo Rollouts on the Workloads tab, against two real local
 * control planes: eks-staging-euw1 with the upstream Application and
 * Rollout CRDs installed (scripts/bootstrap.d/template-crds.sh copies them from
 * the projects' Go modules; scripts/k8s/argo-samples.mjs applies
 * storefront-web's Rollout mid-canary, its ReplicaSets, and its Argo CD
 * Application, with the statuses the controllers would write), and
 * eks-production-euw1 without them (the API group is not served). The real
 * backend reads both with the shipped ClusterRole; GET /api/eks/workloads
 * shows the Application and the canary, and the cluster without the CRDs
 * answers as before, without an error or a warning.
 */
import {
  api,
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import {
  argoCrdsAvailable,
  controlPlaneAvailable,
  eksConfigFor,
  LocalCluster,
  startLocalCluster,
} from '../harness/kube';
import { freePort, runDir } from '../harness/processes';
import type { WorkloadsResponse } from '@runway/plugin-eks-common';
import { eventually } from '../harness/eventually';

jest.setTimeout(300_000);

const ENTITY = 'component:default/storefront-web';
const ROLLOUT =
  '/apis/argoproj.io/v1alpha1/namespaces/staging/rollouts/storefront-web';
const APPLICATION =
  '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/storefront-web-staging';

const unavailable = controlPlaneAvailable() ?? argoCrdsAvailable();
if (unavailable) {
  test('local control plane and Argo CRDs available', () => {
    throw new Error(`cannot run the Argo test: ${unavailable}`);
  });
} else {
  describe('Argo CD Applications and Argo Rollouts on the Workloads route', () => {
    let staging: LocalCluster;
    let production: LocalCluster;
    let backend: Backend;
    let token: string;
    const workloads = () =>
      api<WorkloadsResponse>(
        backend.baseUrl,
        token,
        `/api/eks/workloads?entity=${encodeURIComponent(ENTITY)}`,
      );

    beforeAll(async () => {
      [staging, production] = await Promise.all([
        startLocalCluster('eks-staging-euw1', { argo: true }),
        startLocalCluster('eks-production-euw1'),
      ]);
      backend = await startBackend({
        port: await freePort(),
        dir: runDir('eks-argo'),
        config: { eks: eksConfigFor([staging, production]) },
      });
      await waitForEntities(
        backend.baseUrl,
        'kind=component,metadata.name=storefront-web',
        { count: 1 },
      );
      token = await guestToken(backend.baseUrl);
    });

    afterAll(async () => {
      await backend?.stop();
      await Promise.all([staging?.stop(), production?.stop()]);
    });

    it('shows the Application and the canary from the cluster with the CRDs; the other answers without error', async () => {
      const res = await eventually(
        'both clusters synced, the canary pods running',
        async () => {
          const r = await workloads();
          const stg = r.health.workloads.find(
            w => w.cluster === 'eks-staging-euw1',
          );
          return r.errors.length === 0 &&
            r.health.workloads.length === 2 &&
            stg?.pods.length === 4 &&
            stg.pods.every(p => p.ready)
            ? r
            : undefined;
        },
      );
      expect(res.errors).toEqual([]);
      expect(res.warnings).toEqual([]);
      expect(res.health.applications).toEqual([
        expect.objectContaining({
          cluster: 'eks-staging-euw1',
          namespace: 'argocd',
          name: 'storefront-web-staging',
          syncStatus: 'Synced',
          revision: expect.stringMatching(/^[0-9a-f]{40}$/),
          healthStatus: 'Progressing',
          healthMessage:
            'Rollout storefront-web: Progressing (more replicas need to be updated)',
          operation: expect.objectContaining({
            phase: 'Succeeded',
            message: 'successfully synced (all tasks run)',
          }),
          destination: expect.objectContaining({ namespace: 'staging' }),
        }),
      ]);

      const stg = res.health.workloads.find(
        w => w.cluster === 'eks-staging-euw1',
      )!;
      expect(stg.deployments).toEqual([]);
      expect(stg.rollouts).toEqual([
        expect.objectContaining({
          name: 'storefront-web',
          phase: 'Progressing',
          strategy: 'canary',
          step: {
            number: 3,
            total: 5,
            kind: 'analysis',
            detail: 'analysis success-rate',
            weight: 25,
            analysisRun: {
              name: expect.stringMatching(/^storefront-web-\w+-4-2$/),
              status: 'Running',
            },
          },
          ready: 4,
          desired: 4,
          updated: 1,
          aborted: false,
        }),
      ]);
      const r = stg.rollouts[0];
      expect(r.stableHash).toMatch(/^\w{10}$/);
      expect(r.canaryHash).toMatch(/^\w{10}$/);
      expect(r.stableHash).not.toBe(r.canaryHash);
      // the pods the real ReplicaSet controller made from the Rollout's
      // ReplicaSets, kwok running them: one canary, three stable
      expect(stg.pods.map(p => p.revision).sort()).toEqual([3, 3, 3, 4]);
      expect(stg.pods.filter(p => p.name.includes(r.canaryHash!))).toHaveLength(
        1,
      );
      expect(stg.hpas[0]).toMatchObject({ target: 'Rollout/storefront-web' });
      expect(stg.checklist.filter(c => !c.ok)).toEqual([]);
      expect(stg.verdict).toBe('healthy');

      // production has no Argo CRDs: its Deployment as before
      const prod = res.health.workloads.find(
        w => w.cluster === 'eks-production-euw1',
      )!;
      expect(prod.rollouts).toEqual([]);
      expect(prod.deployments.map(d => [d.name, d.ready, d.desired])).toEqual([
        ['storefront-web', 3, 3],
      ]);
      expect(res.health.verdict).toBe('healthy');
    });

    it('the shipped ClusterRole lets the reader list Applications and Rollouts; production does not serve them (404)', async () => {
      for (const p of [
        '/apis/argoproj.io/v1alpha1/applications',
        '/apis/argoproj.io/v1alpha1/rollouts',
      ]) {
        const onStaging = await staging.requestAs(
          staging.readerToken,
          'GET',
          p,
        );
        expect([p, onStaging.status, onStaging.body.items.length]).toEqual([
          p,
          200,
          1,
        ]);
        const onProduction = await production.requestAs(
          production.readerToken,
          'GET',
          p,
        );
        expect([p, onProduction.status]).toEqual([p, 404]);
      }
      // read-only: the reader cannot change a Rollout
      const write = await staging.requestAs(
        staging.readerToken,
        'DELETE',
        ROLLOUT,
      );
      expect(write.status).toBe(403);
    });

    it('an aborted canary and a failed sync reach the route through the watches', async () => {
      const abort = await staging.request(
        'PATCH',
        `${ROLLOUT}/status`,
        {
          status: {
            abort: true,
            abortedAt: new Date().toISOString(),
            phase: 'Degraded',
            message: 'RolloutAborted: Rollout aborted update to revision 4',
          },
        },
        'application/merge-patch+json',
      );
      expect(abort.status).toBe(200);
      const sync = await staging.request(
        'PATCH',
        APPLICATION,
        {
          status: {
            health: { status: 'Degraded' },
            operationState: {
              phase: 'Failed',
              message:
                'one or more synchronization tasks completed unsuccessfully',
            },
          },
        },
        'application/merge-patch+json',
      );
      expect(sync.status).toBe(200);
      const res = await eventually(
        'the abort and the failed sync',
        async () => {
          const r = await workloads();
          return r.health.verdict === 'degraded' &&
            r.health.applications[0]?.operation?.phase === 'Failed'
            ? r
            : undefined;
        },
      );
      expect(res.health.reasons).toEqual([
        expect.objectContaining({
          code: 'RolloutAborted',
          message: expect.stringMatching(
            /^eks-staging-euw1\/staging: storefront-web: rollout aborted at step 3 of 5 \(RolloutAborted: Rollout aborted update to revision 4\); the stable ReplicaSet \w+ serves$/,
          ),
        }),
      ]);
      const r = res.health.workloads.find(
        w => w.cluster === 'eks-staging-euw1',
      )!.rollouts[0];
      expect(r).toMatchObject({ aborted: true, phase: 'Degraded' });
      expect(r.step!.weight).toBe(0);
      expect(res.health.applications[0]).toMatchObject({
        healthStatus: 'Degraded',
        operation: {
          phase: 'Failed',
          message: 'one or more synchronization tasks completed unsuccessfully',
        },
      });
    });

    it('a CRD deleted from the cluster: its objects go, the cluster stays served', async () => {
      const del = await staging.request(
        'DELETE',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/applications.argoproj.io',
      );
      expect(del.status).toBe(200);
      const res = await eventually('the Application to go', async () => {
        const r = await workloads();
        return r.health.applications.length === 0 ? r : undefined;
      });
      expect(res.errors).toEqual([]);
      expect(res.warnings).toEqual([]);
      // the Rollouts, still served, are still there
      expect(
        res.health.workloads.find(w => w.cluster === 'eks-staging-euw1')!
          .rollouts,
      ).toHaveLength(1);
    });
  });
}
