import { Entity } from '@backstage/catalog-model';
import {
  checkOwner,
  checkServiceName,
  NAME_RULE,
  serviceNameProblem,
} from './validation';

const entities: Record<string, Entity> = {
  'component:default/checkout-api': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-api' },
    spec: { owner: 'group:default/team-checkout' },
  },
  'group:default/team-payments': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-payments' },
    spec: { type: 'team', children: [] },
  },
};

/** A catalog answering filtered lists, as the catalog API does (never a 404). */
const catalog = {
  asked: [] as string[],
  async getEntities({ filter }: any) {
    const ref =
      `${filter.kind}:${filter['metadata.namespace']}/${filter['metadata.name']}`.toLocaleLowerCase(
        'en-US',
      );
    this.asked.push(ref);
    return { items: entities[ref] ? [entities[ref]] : [] };
  },
};
const failingCatalog = {
  async getEntities(): Promise<{ items: Entity[] }> {
    throw new Error('503 Service Unavailable');
  },
};

beforeEach(() => {
  catalog.asked = [];
});

describe('serviceNameProblem', () => {
  it.each(['orders-api', 'abc', 'a1-b2', 'x'.repeat(40)])(
    'accepts %s',
    name => {
      expect(serviceNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ['Bad_Name', `${NAME_RULE}: "B", "_", "N" are not allowed`],
    ['ab', `${NAME_RULE}: it has 2 characters`],
    ['x'.repeat(41), `${NAME_RULE}: it has 41 characters`],
    ['1orders', `${NAME_RULE}: it starts with "1"`],
    ['-orders', `${NAME_RULE}: it starts with "-"`],
    ['orders-', `${NAME_RULE}: it ends with "-"`],
    ['orders api', `${NAME_RULE}: a space is not allowed`],
    ['../etc', `${NAME_RULE}: ".", "/" are not allowed`],
    ['', 'is required'],
  ])('refuses %j in plain words', (name, message) => {
    expect(serviceNameProblem(name)).toBe(message);
  });

  it('states the rule without regular expressions', () => {
    expect(NAME_RULE).toBe(
      "must be 3-40 characters of lowercase letters, digits and '-', starting with a letter",
    );
  });
});

describe('checkServiceName', () => {
  it('refuses a name already in the catalog, naming its owner', async () => {
    await expect(checkServiceName('checkout-api', catalog)).resolves.toBe(
      'is taken: a component named checkout-api already exists, owned by team-checkout',
    );
    expect(catalog.asked).toEqual(['component:default/checkout-api']);
  });

  it('accepts a new name after asking the catalog', async () => {
    await expect(checkServiceName('orders-api', catalog)).resolves.toBe(
      undefined,
    );
    expect(catalog.asked).toEqual(['component:default/orders-api']);
  });

  it('does not ask the catalog about a malformed name', async () => {
    await expect(checkServiceName('Bad_Name', catalog)).resolves.toMatch(
      /^must be 3-40/,
    );
    expect(catalog.asked).toEqual([]);
  });

  it('lets the name through when the catalog cannot answer (the first step checks it again)', async () => {
    await expect(
      checkServiceName('orders-api', failingCatalog),
    ).resolves.toBeUndefined();
  });
});

describe('checkOwner', () => {
  it('accepts an existing Group', async () => {
    await expect(
      checkOwner('group:default/team-payments', catalog),
    ).resolves.toBeUndefined();
  });

  it('refuses a Group that is not in the catalog', async () => {
    await expect(checkOwner('team-nobody', catalog)).resolves.toBe(
      '"team-nobody" is not a team in the catalog: pick one from the list',
    );
  });

  it('refuses a User or another kind', async () => {
    await expect(checkOwner('user:default/guest', catalog)).resolves.toBe(
      'must be a team (a Group in the catalog), not a user: pick one from the list',
    );
    expect(catalog.asked).toEqual([]);
  });

  it('requires an owner', async () => {
    await expect(checkOwner(undefined, catalog)).resolves.toBe(
      'is required: pick a team from the list',
    );
  });
});
