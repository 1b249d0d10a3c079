// Shared by the CatalogSloDefinitions tests.
import { Readable } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';

export const OWN_CATALOG_FILE =
  'https://git.example.com/acme/orders-api/blob/main/catalog-info.yaml';
export const LIMITS = {
  maxExpressionLength: 2000,
  maxSelectors: 10,
  maxRegexLength: 200,
  maxSlosPerFile: 20,
  maxConcurrentQueries: 8,
};
export const SLO_FILE = `
version: prometheus/v1
service: orders-api
slos:
  - name: orders-api-availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{service="orders-api",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{service="orders-api"}[{{.window}}]))
`;

/** An entity named orders-api with these location annotations and SLO reference. */
export function entity(
  annotations: Record<string, string>,
  name = 'orders-api',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'group:default/team-checkout', type: 'service' },
  };
}

/** A URL reader serving `files` by URL, streaming; every URL asked is recorded. */
export function urlReader(files: Record<string, () => Readable> = {}) {
  const asked: string[] = [];
  const reader = mockServices.urlReader.mock({
    readUrl: async (url: string) => {
      asked.push(url);
      const file = files[url];
      if (!file) throw new Error(`NotFoundError: ${url}`);
      return { buffer: async () => Buffer.alloc(0), stream: file };
    },
  });
  return { reader, asked };
}
