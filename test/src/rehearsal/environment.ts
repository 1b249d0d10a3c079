/**
 * The production rehearsal's environment: Runway as an organisation runs it,
 * on real parts, on loopback.
 *
 * - the backend image (scripts/rehearsal/build-image.sh: the Dockerfile's
 *   steps) started twice with NODE_ENV=production and only
 *   app-config.yaml + app-config.production.yaml + the organisation's site
 *   file (`site.ts`), every secret and endpoint from the environment;
 * - PostgreSQL, Redis (`backend.cache`), haproxy in front of both replicas
 *   with health checks on the readiness endpoint (as an ALB);
 * - moto's server for AWS (the SDK's default credential chain, AssumeRole,
 *   Cost Explorer, EKS, S3, CloudFormation), two local Kubernetes control
 *   planes bound with the shipped k8s/cluster-reader role, the sample
 *   Prometheus, an OIDC provider and a GitHub host;
 * - a loopback control API (`faults.ts`) through which 5-faults.spec.ts
 *   takes a dependency down and brings it back. The replicas reach moto
 *   through a TCP relay (`harness/relay.ts`) that the AWS fault closes:
 *   moto keeps its state in memory, as AWS keeps its data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { fakeGitHubHost, FakeGitHost } from '../template/fakeGitHosts';
import {
  controlPlaneAvailable,
  LocalCluster,
  startLocalCluster,
} from '../harness/kube';
import { startLoadBalancer, LoadBalancer } from '../harness/loadBalancer';
import { Moto, startMoto } from '../harness/moto';
import { OidcServer, startOidcServer } from '../harness/oidcServer';
import { Postgres, startPostgres } from '../harness/postgres';
import { freePort, ROOT } from '../harness/processes';
import { Redis, startRedis } from '../harness/redis';
import { Relay, startRelay } from '../harness/relay';
import { startSamplePrometheus } from '../slo/dev';
import { FaultControl, startFaultControl } from './faults';
import { Replica, startReplica } from './replica';
import { MAIN_ACCOUNT, seedAws } from './seedAws';
import { ACCOUNTS, GITHUB, siteConfig } from './site';

export type Rehearsal = {
  /** The load balancer's URL: what users open (`RUNWAY_BASE_URL`). */
  url: string;
  replicas: Replica[];
  loadBalancer: LoadBalancer;
  postgres: Postgres;
  redis: Redis;
  moto: Moto;
  /** What the replicas call AWS through (`AWS_ENDPOINT_URL`): a relay to moto. */
  awsRelay: Relay;
  clusters: LocalCluster[];
  prometheusUrl: string;
  /** The fault control API (faults.ts). */
  faults: FaultControl;
  oidc: OidcServer;
  github: FakeGitHost;
  /** The environment every replica starts with. */
  env: Record<string, string>;
  /** When the replicas were started (ms since the epoch). */
  startedAt: number;
  stop(): Promise<void>;
};

/** Starts everything; `image` is the folder build-image.sh filled. */
export async function startRehearsal(options: {
  dir: string;
  image: string;
  log?: (message: string) => void;
}): Promise<Rehearsal> {
  const say = options.log ?? (() => {});
  const missing = controlPlaneAvailable();
  if (missing) throw new Error(`the rehearsal needs clusters: ${missing}`);
  if (!fs.existsSync(path.join(options.image, 'packages/backend/dist'))) {
    throw new Error(
      `${options.image} holds no built backend: run scripts/rehearsal/build-image.sh`,
    );
  }
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const lbPort = await freePort();
    const url = `http://127.0.0.1:${lbPort}`;
    const replicaPorts = [await freePort(), await freePort()];
    const metricsPorts = [await freePort(), await freePort()];
    say('starting PostgreSQL, Redis, moto, clusters, Prometheus, OIDC, GitHub');
    // every start runs to its end before a failure is thrown, so whatever
    // did start is stopped again (no server left behind)
    const starts = [
      startPostgres(),
      startRedis(),
      startMoto(),
      ...['eks-staging-euw1', 'eks-production-euw1'].map(name =>
        startLocalCluster(name),
      ),
      startSamplePrometheus({
        dir: path.join(options.dir, 'prometheus'),
        // Runway's own metrics, on replica a's metrics port
        backendTarget: `127.0.0.1:${metricsPorts[0]}`,
      }),
      startOidcServer({
        redirectUri: `${url}/api/auth/oidc/handler/frame`,
        accounts: ACCOUNTS,
      }),
      fakeGitHubHost({
        root: path.join(options.dir, 'github'),
        token: GITHUB.token,
        htmlHost: GITHUB.host,
      }),
    ] as const;
    const settled = await Promise.allSettled(starts);
    for (const result of settled) {
      if (result.status === 'fulfilled') {
        stops.push(() => result.value.stop());
      }
    }
    const failed = settled.find(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    if (failed) throw failed.reason;
    const value = <T>(i: number) =>
      (settled[i] as PromiseFulfilledResult<unknown>).value as T;
    const postgres = value<Postgres>(0);
    const redis = value<Redis>(1);
    const moto = value<Moto>(2);
    const clusters = [value<LocalCluster>(3), value<LocalCluster>(4)];
    const prometheus =
      value<Awaited<ReturnType<typeof startSamplePrometheus>>>(5);
    const oidc = value<OidcServer>(6);
    const github = value<FakeGitHost>(7);
    say('seeding AWS (moto)');
    const aws = await seedAws(moto, clusters);
    const awsRelay = await startRelay({ targetPort: moto.port });
    stops.push(() => awsRelay.stop());
    const faults = await startFaultControl({
      redis,
      postgres,
      aws: awsRelay,
      prometheus,
      clusters,
    });
    // a dependency left down or frozen by a fault is still stopped below
    stops.push(() => faults.stop());

    const siteFile = path.join(options.dir, 'app-config.site.yaml');
    fs.writeFileSync(
      siteFile,
      stringify(siteConfig({ clusters, github, image: options.image })),
    );
    const env: Record<string, string> = {
      // production's heap ceiling (the runway-backend-env ConfigMap)
      NODE_OPTIONS: productionNodeOptions(),
      RUNWAY_BASE_URL: url,
      BACKEND_SECRET: 'rehearsal-backend-secret-0123456789abcdef',
      AUTH_SESSION_SECRET: 'rehearsal-session-secret-0123456789abcdef',
      POSTGRES_HOST: postgres.host,
      POSTGRES_PORT: String(postgres.port),
      POSTGRES_USER: postgres.user,
      POSTGRES_PASSWORD: postgres.password,
      REDIS_URL: redis.url,
      AUTH_OIDC_METADATA_URL: oidc.metadataUrl,
      AUTH_OIDC_CLIENT_ID: oidc.clientId,
      AUTH_OIDC_CLIENT_SECRET: oidc.clientSecret,
      TECHDOCS_S3_BUCKET_NAME: aws.techdocsBucket,
      GITHUB_TOKEN: GITHUB.token,
      GITLAB_TOKEN: 'rehearsal-unused-gitlab-token',
      RUNWAY_PUBLISH_OWNER: GITHUB.owner,
      // the platform the golden path's services run on (runwayTemplates)
      RUNWAY_AWS_ACCOUNT_ID: MAIN_ACCOUNT,
      RUNWAY_SERVICES_DOMAIN: 'services.rehearsal.test',
      RUNWAY_STAGING_CLUSTER: clusters[0].name,
      RUNWAY_PRODUCTION_CLUSTER: clusters[1].name,
      RUNWAY_CLOUDFORMATION_ROLE_ARN: aws.cloudFormationRoleArn,
      SLO_PROMETHEUS_PRODUCTION_URL: prometheus.url,
      SLO_PROMETHEUS_STAGING_URL: prometheus.url,
      ...aws.env,
      AWS_ENDPOINT_URL: awsRelay.url,
    };
    const startedAt = Date.now();
    const replicas = await Promise.all(
      ['a', 'b'].map((name, i) =>
        startReplica({
          name,
          port: replicaPorts[i],
          metricsPort: metricsPorts[i],
          image: options.image,
          dir: path.join(options.dir, `replica-${name}`),
          configFiles: [siteFile],
          env,
        }),
      ),
    );
    stops.push(() => Promise.all(replicas.map(r => r.stop())));
    const loadBalancer = await startLoadBalancer({
      port: lbPort,
      servers: replicas.map(r => ({ name: r.name, port: r.port })),
    });
    stops.push(() => loadBalancer.stop());
    say(`Runway is up at ${url}`);
    return {
      url,
      replicas,
      loadBalancer,
      postgres,
      redis,
      moto,
      awsRelay,
      clusters,
      prometheusUrl: prometheus.url,
      faults,
      oidc,
      github,
      env,
      startedAt,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * NODE_OPTIONS as the Deployment passes it: the runway-backend-env
 * ConfigMap's literal in k8s/base/kustomization.yaml.
 */
export function productionNodeOptions(): string {
  const kustomization = fs.readFileSync(
    path.join(ROOT, 'k8s', 'base', 'kustomization.yaml'),
    'utf8',
  );
  const options = /^\s*- NODE_OPTIONS=(.*)$/m.exec(kustomization)?.[1];
  if (!options) {
    throw new Error('k8s/base/kustomization.yaml sets no NODE_OPTIONS');
  }
  return options.trim();
}
