import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { FakeGitHost } from '../template/fakeGitHosts';
import type { LocalCluster } from '../harness/kube';
import { ROOT } from '../harness/processes';
import type { OidcAccount } from '../harness/oidcServer';
import { COST_EXPORT_BUCKET, COST_EXPORT_PREFIX, REGION } from './seedAws';

/** The organisation's GitHub (a GitHub Enterprise host on loopback). */
export const GITHUB = {
  host: 'github.rehearsal.test',
  token: 'rehearsal-github-token',
  owner: 'acme',
};

/** The company accounts at the OIDC provider: one per persona (catalog/org.yaml). */
export const ACCOUNTS: Record<string, OidcAccount> = {
  'grace.checkout': {
    email: 'grace.checkout@runway.example.com',
    email_verified: true,
    name: 'Grace (developer, team-checkout)',
  },
  'alice.ops': {
    email: 'alice.ops@runway.example.com',
    email_verified: true,
    name: 'Alice (ops, platform-ops)',
  },
  'carol.finance': {
    email: 'carol.finance@runway.example.com',
    email_verified: true,
    name: 'Carol (manager, finance)',
  },
};

/**
 * The organisation's Grafana and its Loki data source: the Observability
 * card links to them (Runway reads nothing from either; the links are
 * never opened here).
 */
export const OBSERVABILITY = {
  grafanaUrl: 'https://grafana.rehearsal.test',
  lokiDatasourceUid: 'loki',
};

/**
 * The organisation's own settings, the third config file after
 * app-config.yaml and app-config.production.yaml (in a real deployment a
 * ConfigMap; docs/operating.md, "Your organisation's settings"). Only what
 * no shipped file can know: the organisation's catalog, the clusters of
 * other accounts, its GitHub Enterprise host. Secrets and endpoints stay in
 * the environment.
 */
export function siteConfig(options: {
  clusters: LocalCluster[];
  github: FakeGitHost;
  image: string;
}) {
  const production = parse(
    fs.readFileSync(path.join(ROOT, 'app-config.production.yaml'), 'utf8'),
  );
  return {
    catalog: {
      locations: [
        ...production.catalog.locations,
        // the organisation's services, kept by the platform team
        {
          type: 'file',
          target: path.join(ROOT, 'catalog', 'samples', 'services.yaml'),
        },
      ],
    },
    integrations: {
      github: [
        {
          host: GITHUB.host,
          apiBaseUrl: `${options.github.url}/api/v3`,
          token: '${GITHUB_TOKEN}',
        },
      ],
    },
    runwayTemplates: { publish: { host: GITHUB.host } },
    // the Observability card: dashboards by the runway.io/grafana-dashboard
    // annotation, logs in Grafana Explore with Loki
    runway: {
      observability: {
        environments: ['staging', 'production'],
        grafana: { url: OBSERVABILITY.grafanaUrl },
        logs: {
          type: 'loki',
          loki: { datasourceUid: OBSERVABILITY.lokiDatasourceUid },
        },
      },
    },
    eks: {
      // clusters of other accounts, read with a service-account token of
      // the shipped cluster-reader role; discovery adds their EKS details
      clusters: options.clusters.map(c => ({
        name: c.name,
        url: c.url,
        region: 'eu-west-1',
        caFile: c.caFile,
        auth: { type: 'serviceAccount', token: c.readerToken },
      })),
    },
    awsCost: {
      sources: {
        costExplorer: {
          lookbackMonths: 2,
          // moto's Cost Explorer has no GetCostForecast or GetAnomalies
          forecast: false,
          anomalies: false,
        },
        // the organisation's Data Exports (FOCUS, CUR 2.0) in S3
        s3: {
          bucket: COST_EXPORT_BUCKET,
          prefix: COST_EXPORT_PREFIX,
          region: REGION,
        },
      },
    },
  };
}
