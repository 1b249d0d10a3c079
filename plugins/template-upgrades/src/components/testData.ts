import { ResponseError } from '@backstage/errors';
import {
  FleetResponse,
  ServiceTemplateStatus,
  UpgradeRequest,
} from '@runway/plugin-template-upgrades-common';
import { TemplateUpgradesApi } from '../api';

/** Fixtures for the page and card tests: the sample services' story. */
export const TEMPLATE = 'template:default/microservice';

export function upgradeRequest(
  over: Partial<UpgradeRequest> = {},
): UpgradeRequest {
  return {
    entityRef: 'component:default/checkout-api',
    templateRef: TEMPLATE,
    fromVersion: '1.2.0',
    toVersion: '1.4.0',
    provider: 'github',
    branch: 'runway/template-1.4.0',
    url: 'https://github.com/acme/checkout-api/pull/42',
    number: 42,
    changedFiles: [{ path: 'Dockerfile', change: 'modified' }],
    conflicts: [],
    createdAt: '2026-11-20T10:00:00Z',
    createdBy: 'user:default/jane',
    ...over,
  };
}

export function serviceStatus(
  over: Partial<ServiceTemplateStatus> = {},
): ServiceTemplateStatus {
  return {
    entityRef: 'component:default/checkout-api',
    owner: 'group:default/team-checkout',
    templateRef: TEMPLATE,
    version: '1.2.0',
    latestVersion: '1.4.0',
    behind: true,
    drift: {
      commit: 'abcdef0123456789',
      changedFiles: [
        { path: 'src/main.go', change: 'modified' },
        { path: 'docs/adr/0002-outbox.md', change: 'added' },
        { path: 'k8s/base/hpa.yaml', change: 'deleted' },
      ],
      computedAt: '2026-11-27T16:00:00Z',
    },
    ...over,
  };
}

export const fleet: FleetResponse = {
  sweepEnabled: false,
  templates: [
    {
      templateRef: TEMPLATE,
      title: 'Microservice',
      latestVersion: '1.4.0',
      archivedVersions: ['1.4.0', '1.3.0', '1.2.0'],
      services: [
        serviceStatus({
          upgrade: upgradeRequest({
            conflicts: [
              { path: 'k8s/base/deployment.yaml', reason: 'both-changed' },
              { path: 'logo.png', reason: 'binary' },
            ],
          }),
        }),
        serviceStatus({
          entityRef: 'component:default/storefront-web',
          version: '1.4.0',
          behind: false,
          drift: {
            commit: '0123456789abcdef',
            changedFiles: [],
            computedAt: '2026-11-27T16:00:00Z',
          },
          upgrade: upgradeRequest({
            entityRef: 'component:default/storefront-web',
            provider: 'local',
            url: undefined,
            number: undefined,
            branch: 'runway/template-1.4.0',
            fromVersion: '1.3.0',
          }),
        }),
        serviceStatus({
          entityRef: 'component:default/payments-api',
          owner: 'group:default/team-payments',
          version: '1.1.0',
          drift: undefined,
          problem: 'version 1.1.0 is not archived',
        }),
      ],
    },
  ],
};

/** The error the client throws for a backend's JSON error body. */
export async function responseError(
  status: number,
  statusText: string,
  message: string,
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText,
        headers: { 'Content-Type': 'application/json' },
      },
    ) as any,
  );
}

/** A fake API answering with the fixtures, with methods to override. */
export function fakeApi(
  over: Partial<TemplateUpgradesApi> = {},
): TemplateUpgradesApi {
  return {
    getFleet: async () => fleet,
    getEntityStatus: async () => ({
      status: serviceStatus(),
      canUpgrade: true,
    }),
    upgrade: async () => ({ request: upgradeRequest(), created: true }),
    ...over,
  };
}
