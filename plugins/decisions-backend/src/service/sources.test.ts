import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  adrDocsFolderOf,
  adrSourceOf,
  DefaultDocsSourceReader,
  docsSourceOf,
} from './sources';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders-api', annotations },
});

describe('ADR location', () => {
  const onGitHub = entity({
    'backstage.io/managed-by-location':
      'url:https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
    'backstage.io/source-location':
      'url:https://github.com/acme/orders-api/tree/main/',
    'backstage.io/techdocs-ref': 'dir:.',
    'backstage.io/adr-location': 'docs/adr',
  });

  it('resolves against the source location, and maps into the built docs', () => {
    const adrs = adrSourceOf(onGitHub)!;
    expect(adrs).toEqual({
      type: 'url',
      url: 'https://github.com/acme/orders-api/tree/main/docs/adr',
    });
    expect(adrDocsFolderOf(docsSourceOf(onGitHub)!, adrs)).toBe('adr');
  });

  it('resolves against the catalog file folder for file locations', () => {
    const sample = entity({
      'backstage.io/managed-by-location':
        'file:/repo/catalog/samples/services.yaml',
      'backstage.io/techdocs-ref': 'dir:./checkout-api',
      'backstage.io/adr-location': 'checkout-api/docs/decisions',
    });
    const adrs = adrSourceOf(sample)!;
    expect(adrs).toEqual({
      type: 'dir',
      path: '/repo/catalog/samples/checkout-api/docs/decisions',
    });
    expect(adrDocsFolderOf(docsSourceOf(sample)!, adrs)).toBe('decisions');
  });

  it('has no docs page for ADRs outside the docs folder, and no source without the annotation', () => {
    const outside = entity({
      ...onGitHub.metadata.annotations,
      'backstage.io/adr-location': 'adr',
    });
    expect(
      adrDocsFolderOf(docsSourceOf(outside)!, adrSourceOf(outside)!),
    ).toBeUndefined();
    const { ['backstage.io/adr-location']: _, ...rest } =
      onGitHub.metadata.annotations!;
    expect(adrSourceOf(entity(rest))).toBeUndefined();
  });
});

describe("DefaultDocsSourceReader: URLs only inside the entity's own repository", () => {
  const registered = {
    'backstage.io/managed-by-location':
      'url:https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
    'backstage.io/managed-by-origin-location':
      'url:https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
  };
  const victim = 'https://github.com/acme/payroll/tree/main/docs/adr';
  const reading = (trustedOrigins: string[] = []) => {
    const asked: string[] = [];
    const urlReader = mockServices.urlReader.mock({
      readTree: async (url: string) => {
        asked.push(url);
        return { files: async () => [] } as any;
      },
    });
    return {
      reader: new DefaultDocsSourceReader({ urlReader, trustedOrigins }),
      asked,
    };
  };

  it("refuses another repository's ADRs by URL or by source location, reading nothing", async () => {
    const { reader, asked } = reading();
    const message = `backstage.io/adr-location leads to ${victim}, outside https://github.com/acme/orders-api: docs by URL are read only from the repository the entity is registered from, unless it comes from a location listed in catalog.locations`;
    await expect(
      reader.read(
        entity({ ...registered, 'backstage.io/adr-location': victim }),
      ),
    ).rejects.toThrow(message);
    await expect(
      reader.read(
        entity({
          ...registered,
          'backstage.io/source-location':
            'url:https://github.com/acme/payroll/tree/main/',
          'backstage.io/adr-location': 'docs/adr',
        }),
      ),
    ).rejects.toThrow(message);
    await expect(
      reader.read(
        entity({
          ...registered,
          'backstage.io/techdocs-ref':
            'url:https://github.com/acme/payroll/tree/main',
        }),
      ),
    ).rejects.toThrow(/^backstage.io\/techdocs-ref leads to .*payroll/);
    expect(asked).toEqual([]);
  });

  it('reads its own repository, and any URL for an entity from a trusted location', async () => {
    const { reader, asked } = reading([
      registered['backstage.io/managed-by-origin-location'],
    ]);
    await reader.read(
      entity({ ...registered, 'backstage.io/adr-location': 'docs/adr' }),
    );
    await reader.read(
      entity({ ...registered, 'backstage.io/adr-location': victim }),
    );
    expect(asked).toEqual([
      'https://github.com/acme/orders-api/blob/main/docs/adr',
      victim,
    ]);
    const untrusted = reading();
    await untrusted.reader.read(
      entity({ ...registered, 'backstage.io/adr-location': 'docs/adr' }),
    );
    expect(untrusted.asked).toEqual([
      'https://github.com/acme/orders-api/blob/main/docs/adr',
    ]);
  });

  it("reads the runbook's text for the index from the entity's own repository", async () => {
    const urlReader = mockServices.urlReader.mock({
      readTree: async () =>
        ({
          files: async () => [
            {
              path: 'docs/runbook.md',
              content: async () => Buffer.from('## OrdersApiDown\nRestart.\n'),
            },
          ],
        } as any),
    });
    const reader = new DefaultDocsSourceReader({
      urlReader,
      trustedOrigins: [],
    });
    const files = await reader.read(
      entity({
        ...registered,
        'backstage.io/techdocs-ref':
          'url:https://github.com/acme/orders-api/tree/main',
      }),
    );
    expect(files?.runbook).toEqual({
      path: 'docs/runbook.md',
      lastChanged: undefined,
      text: '## OrdersApiDown\nRestart.\n',
    });
  });
});
