import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createValidateAction } from './validate';
import { examples } from './validate.examples';
import { exampleSteps, mockContext } from './__testUtils__/context';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', namespace: 'default' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'storefront', namespace: 'default' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'jane', namespace: 'default' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-api', namespace: 'default' },
    spec: {},
  },
];

function action() {
  return createValidateAction({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
  });
}

const good = {
  name: 'orders-api',
  owner: 'group:default/team-checkout',
  system: 'system:default/storefront',
  strings: { description: 'Takes orders: "quoted", #hash, 50% & more' },
};

async function runWith(input: object) {
  const { ctx, outputs } = mockContext({ ...good, ...input });
  await action().handler(ctx);
  return outputs;
}

describe('runway:template:validate', () => {
  it('runs its examples', async () => {
    for (const step of exampleSteps(examples)) {
      const { ctx, outputs } = mockContext(step.input);
      await action().handler(ctx);
      expect(outputs.entityRef).toBe('component:default/orders-api');
    }
  });

  it('accepts good input, with quotes, colons and hashes in the description', async () => {
    expect(await runWith({})).toEqual({
      entityRef: 'component:default/orders-api',
    });
  });

  it.each([
    ['ab', /name: must be 3 to 40 characters/],
    ['a'.repeat(41), /name: must be 3 to 40 characters/],
    ['Orders', /name: must be lower-case/],
    ['orders-', /name: must be lower-case/],
    ['1orders', /name: must be lower-case/],
    ['orders_api', /name: must be lower-case/],
  ])('refuses the name %s', async (name, message) => {
    await expect(runWith({ name })).rejects.toThrow(message);
  });

  it('refuses a name already in the catalog', async () => {
    await expect(runWith({ name: 'checkout-api' })).rejects.toThrow(
      'name: a component named "checkout-api" already exists in the catalog',
    );
  });

  it('refuses an unknown owner, and an owner that is not a Group', async () => {
    await expect(runWith({ owner: 'group:default/nobody' })).rejects.toThrow(
      'owner: "group:default/nobody" is not a known Group',
    );
    await expect(runWith({ owner: 'user:default/jane' })).rejects.toThrow(
      'owner: "user:default/jane" is not a known Group',
    );
  });

  it('refuses an unknown system', async () => {
    await expect(runWith({ system: 'system:default/nowhere' })).rejects.toThrow(
      'system: "system:default/nowhere" is not a known System',
    );
  });

  it.each([
    ['../../etc/passwd', 'must not contain a relative path'],
    ['docs/../../x', 'must not contain a relative path'],
    ['/etc/passwd', 'must not be an absolute path'],
    ['C:\\Windows', 'must not be an absolute path'],
    [
      'line one\nkey: injected',
      'must not contain control characters or line breaks',
    ],
    ['run `rm -rf /`', 'must not contain "`"'],
    ['costs $(whoami)', 'must not contain "$"'],
    ['<script>alert(1)</script>', 'must not contain "<"'],
    ['${{ secrets.TOKEN }}', 'must not contain "$"'],
  ])(
    'refuses the description %j naming the field',
    async (description, message) => {
      await expect(runWith({ strings: { description } })).rejects.toThrow(
        `description: ${message}`,
      );
    },
  );
});
