import { Entity } from '@backstage/catalog-model';
import { ServiceNameClaims } from './serviceNames';

const TRUSTED = 'file:/srv/runway/catalog/services.yaml';

const entity = (
  ref: string,
  origin = 'url:https://github.com/acme/x/blob/main/catalog-info.yaml',
): Entity => {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace,
      annotations: { 'backstage.io/managed-by-origin-location': origin },
    },
  };
};

describe('ServiceNameClaims', () => {
  const claims = (entities: Entity[]) => {
    let reads = 0;
    const subject = new ServiceNameClaims({
      trustedOrigins: [TRUSTED],
      entities: async () => {
        reads += 1;
        return entities;
      },
    });
    return { subject, reads: () => reads };
  };

  it('lets an entity use a name no other entity has, reading the catalog once per minute', async () => {
    const own = entity('component:default/orders-api');
    const { subject, reads } = claims([
      own,
      entity('component:default/checkout-api'),
    ]);
    expect(await subject.refusal(own)).toBeUndefined();
    expect(await subject.refusal(own)).toBeUndefined();
    expect(reads()).toBe(1);
  });

  it("refuses a namesake in another namespace or of another kind: it would read the other service's series", async () => {
    const victim = entity('component:default/checkout-api');
    const other = entity('component:abuse/checkout-api');
    const api = entity('api:default/Checkout-API');
    const { subject } = claims([victim, other, api]);
    expect(await subject.refusal(other)).toBe(
      "the service name 'checkout-api' is also the name of api:default/checkout-api, component:default/checkout-api: SLO queries select the service by the entity's name, so only an entity from catalog.locations, else the Component of that name in the default namespace, may use it; this entity's SLOs are not evaluated",
    );
    expect(await subject.refusal(api)).toMatch(/is also the name of/);
    // the Component in the default namespace keeps its name
    expect(await subject.refusal(victim)).toBeUndefined();
  });

  it('gives a shared name to the entity from a trusted location, whatever its namespace', async () => {
    const trusted = entity('component:platform/checkout-api', TRUSTED);
    const registered = entity('component:default/checkout-api');
    const { subject } = claims([trusted, registered]);
    expect(await subject.refusal(trusted)).toBeUndefined();
    expect(await subject.refusal(registered)).toMatch(
      /also the name of component:platform\/checkout-api/,
    );
  });

  it('throws when the catalog cannot be read, and reads it again next time', async () => {
    let fail = true;
    const subject = new ServiceNameClaims({
      trustedOrigins: [],
      entities: async () => {
        if (fail) throw new Error('connection refused');
        return [];
      },
    });
    const own = entity('component:default/orders-api');
    await expect(subject.refusal(own)).rejects.toThrow('connection refused');
    fail = false;
    expect(await subject.refusal(own)).toBeUndefined();
  });
});
