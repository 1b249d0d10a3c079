import { Readable } from 'node:stream';
import { CatalogSloDefinitions } from './SloDefinitions';
import {
  entity,
  LIMITS,
  OWN_CATALOG_FILE,
  SLO_FILE,
  urlReader,
} from './__testUtils__/definitions';

describe("CatalogSloDefinitions: URLs only inside the entity's own repository", () => {
  const registered = {
    'backstage.io/managed-by-location': `url:${OWN_CATALOG_FILE}`,
    'backstage.io/managed-by-origin-location': `url:${OWN_CATALOG_FILE}`,
  };
  const own = 'https://git.example.com/acme/orders-api/blob/main/slo.yaml';
  const other = 'https://git.example.com/acme/payroll/blob/main/slo.yaml';
  const reading = (trustedOrigins: string[] = []) => {
    const { reader, asked } = urlReader({
      [own]: () => Readable.from([SLO_FILE]),
      [other]: () => Readable.from([SLO_FILE]),
    });
    const subject = new CatalogSloDefinitions({
      reader,
      files: { maxBytes: 256 * 1024, trustedOrigins },
      queries: LIMITS,
      cacheTtlMs: 0,
    });
    return { subject, asked };
  };
  const outside = (ref: string) => [
    {
      path: 'runway.io/slo-ref',
      message: `'${ref}' (${other}) is outside https://git.example.com/acme/orders-api: SLO files by URL are read only from the repository the entity is registered from, unless it comes from a location listed in catalog.locations`,
    },
  ];

  it("refuses another repository's file by URL, by source location or by dot segments, reading nothing", async () => {
    const { subject, asked } = reading();
    const absolute = await subject.read(
      entity({ ...registered, 'runway.io/slo-ref': other }),
    );
    expect(absolute).toEqual({
      sloRef: other,
      slos: [],
      issues: outside(other),
    });
    const bySource = await subject.read(
      entity({
        ...registered,
        'backstage.io/source-location':
          'url:https://git.example.com/acme/payroll/blob/main/',
        'runway.io/slo-ref': './slo.yaml',
      }),
    );
    expect(bySource.issues).toEqual(outside('./slo.yaml'));
    const dots = '../../../payroll/blob/main/slo.yaml';
    const byDots = await subject.read(
      entity({ ...registered, 'runway.io/slo-ref': dots }),
    );
    expect(byDots.issues).toEqual(outside(dots));
    const unregistered = await subject.read(
      entity({ 'runway.io/slo-ref': other }),
    );
    expect(unregistered.issues[0].message).toMatch(
      /is outside the repository the entity is registered from/,
    );
    expect(asked).toEqual([]);
  });

  it('reads its own repository, and any URL for an entity from a trusted location', async () => {
    const { subject, asked } = reading([`url:${OWN_CATALOG_FILE}`]);
    for (const ref of ['./slo.yaml', own]) {
      const result = await subject.read(
        entity({
          'backstage.io/managed-by-location': `url:${OWN_CATALOG_FILE}`,
          'backstage.io/managed-by-origin-location':
            'url:https://git.example.com/acme/catalog/blob/main/all.yaml',
          'runway.io/slo-ref': ref,
        }),
      );
      expect(result.issues).toEqual([]);
      expect(result.slos.map(s => s.name)).toEqual(['orders-api-availability']);
    }
    const trusted = await subject.read(
      entity({ ...registered, 'runway.io/slo-ref': other }),
    );
    expect(trusted.issues).toEqual([]);
    expect(asked).toEqual([own, own, other]);
  });
});

describe('CatalogSloDefinitions: a shared service name', () => {
  const subject = (refusal: () => Promise<string | undefined>) => {
    const { reader, asked } = urlReader({
      'https://git.example.com/acme/orders-api/blob/main/slo.yaml': () =>
        Readable.from([SLO_FILE]),
    });
    return {
      definitions: new CatalogSloDefinitions({
        reader,
        files: { maxBytes: 256 * 1024, trustedOrigins: [] },
        queries: LIMITS,
        cacheTtlMs: 0,
        names: { refusal },
      }),
      asked,
    };
  };
  const namesake = entity({
    'backstage.io/managed-by-location': `url:${OWN_CATALOG_FILE}`,
    'runway.io/slo-ref': './slo.yaml',
  });

  it('evaluates no SLO of an entity that may not use its name, and reads no file', async () => {
    const { definitions, asked } = subject(async () => 'the name is shared');
    expect(await definitions.read(namesake)).toEqual({
      sloRef: './slo.yaml',
      slos: [],
      issues: [{ path: 'metadata.name', message: 'the name is shared' }],
    });
    expect(asked).toEqual([]);
  });

  it('says so when the catalog cannot tell, and evaluates nothing', async () => {
    const { definitions } = subject(async () => {
      throw new Error('connection refused');
    });
    const result = await definitions.read(namesake);
    expect(result.slos).toEqual([]);
    expect(result.issues).toEqual([
      {
        path: 'metadata.name',
        message:
          "could not check which entities share the name 'orders-api' (the catalog: connection refused); SLOs are not evaluated until it answers",
      },
    ]);
  });

  it('reads the SLOs of an entity whose name is its own', async () => {
    const { definitions } = subject(async () => undefined);
    const result = await definitions.read(namesake);
    expect(result.issues).toEqual([]);
    expect(result.slos.map(s => s.name)).toEqual(['orders-api-availability']);
  });
});
