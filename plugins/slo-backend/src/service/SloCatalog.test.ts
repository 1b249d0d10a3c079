import { mockCredentials } from '@backstage/backend-test-utils';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { entity } from '../__testUtils__/fakes';
import { DefaultSloCatalog, parseTeamRef } from './SloCatalog';

function catalog() {
  const known = entity();
  const fake = {
    getEntityByRef: jest.fn(async (ref: string) =>
      ref === 'component:default/checkout-api' ? known : undefined,
    ),
    getEntities: jest.fn(async () => ({ items: [known] })),
  };
  return { fake, known, subject: new DefaultSloCatalog({ catalog: fake }) };
}

const credentials = mockCredentials.user();

describe('DefaultSloCatalog', () => {
  it('looks entities up with the caller credentials, completing short refs', async () => {
    const { fake, known, subject } = catalog();
    expect(await subject.entity('checkout-api', credentials)).toBe(known);
    expect(fake.getEntityByRef).toHaveBeenCalledWith(
      'component:default/checkout-api',
      { credentials },
    );
  });

  it('answers 404 for a missing entity and 400 for a bad ref', async () => {
    const { fake, subject } = catalog();
    await expect(
      subject.entity('component:default/nope', credentials),
    ).rejects.toThrow(new NotFoundError('No entity component:default/nope'));
    await expect(
      subject.entity('component:default/', credentials),
    ).rejects.toThrow(InputError);
    expect(fake.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('answers 503 naming the catalog when it fails or cuts its answer off, and passes its own statuses on', async () => {
    const { fake, subject } = catalog();
    // the catalog streams entity lists: a database that goes away mid-way
    // leaves a 200 with broken JSON
    fake.getEntities.mockRejectedValueOnce(
      Object.assign(new Error('invalid json response body'), {
        name: 'FetchError',
      }),
    );
    const error = await subject.entitiesWithSlos(credentials).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      'The catalog did not answer the entities with SLOs; caused by FetchError: invalid json response body',
    );
    const forbidden = Object.assign(new Error('Request failed with 403'), {
      name: 'ResponseError',
      statusCode: 403,
    });
    fake.getEntityByRef.mockRejectedValueOnce(forbidden);
    await expect(subject.entity('checkout-api', credentials)).rejects.toBe(
      forbidden,
    );
  });

  it('lists entities with an SLO file, for everyone or for one team', async () => {
    const { fake, known, subject } = catalog();
    expect(await subject.entitiesWithSlos(credentials)).toEqual([known]);
    expect(
      await subject.teamEntitiesWithSlos('group:default/team-a', credentials),
    ).toEqual([known]);
    expect(fake.getEntities.mock.calls).toEqual([
      [
        {
          filter: {
            'metadata.annotations.runway.io/slo-ref': CATALOG_FILTER_EXISTS,
          },
        },
        { credentials },
      ],
      [
        {
          filter: {
            'metadata.annotations.runway.io/slo-ref': CATALOG_FILTER_EXISTS,
            'relations.ownedBy': 'group:default/team-a',
          },
        },
        { credentials },
      ],
    ]);
  });
});

describe('parseTeamRef', () => {
  it('completes team names to group refs and rejects bad ones', () => {
    expect(parseTeamRef('team-a')).toBe('group:default/team-a');
    expect(parseTeamRef('group:ops/team-b')).toBe('group:ops/team-b');
    expect(() => parseTeamRef('group:')).toThrow(
      new InputError("Invalid team 'group:'"),
    );
  });
});
