import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { TtlCache } from '../cache';
import { isFromTrustedLocation } from './localFiles';

/**
 * Who may bind SLO queries to a service name. The query rules make an
 * entity's queries select `service="<its name>"`, and Prometheus' `service`
 * label has no namespace, so two entities of one name would read one
 * service's series. An entity from a trusted location may use any name (its
 * queries are not bound). Any other entity may use its name when no other
 * entity in the catalog has it; when names are shared, only the Component in
 * the `default` namespace (where the golden path registers services, and
 * which the catalog keeps for its first registrant) may, and only when no
 * namesake comes from a trusted location.
 *
 * @public
 */
export class ServiceNameClaims {
  readonly #entities: () => Promise<Entity[]>;
  readonly #trustedOrigins: string[];
  readonly #cache: TtlCache<Map<string, Entity[]>>;

  constructor(options: {
    /** every catalog entity (kind, namespace, name and annotations suffice), read with the plugin's own credentials */
    entities: () => Promise<Entity[]>;
    trustedOrigins: string[];
    cacheTtlMs?: number;
  }) {
    this.#entities = options.entities;
    this.#trustedOrigins = options.trustedOrigins;
    this.#cache = new TtlCache(options.cacheTtlMs ?? 60_000);
  }

  /**
   * Why the entity may not bind its queries to its name, or undefined when it
   * may. Throws when the catalog cannot be read.
   */
  async refusal(entity: Entity): Promise<string | undefined> {
    if (isFromTrustedLocation(entity, this.#trustedOrigins)) return undefined;
    const name = entity.metadata.name.toLocaleLowerCase('en-US');
    const self = stringifyEntityRef(entity);
    const namesakes = ((await this.#byName()).get(name) ?? []).filter(
      e => stringifyEntityRef(e) !== self,
    );
    if (namesakes.length === 0) return undefined;
    const { kind, namespace } = getCompoundEntityRef(entity);
    const trusted = namesakes.some(e =>
      isFromTrustedLocation(e, this.#trustedOrigins),
    );
    if (
      !trusted &&
      kind.toLocaleLowerCase('en-US') === 'component' &&
      namespace === 'default'
    ) {
      return undefined;
    }
    const refs = namesakes.map(e => stringifyEntityRef(e)).sort();
    return `the service name '${
      entity.metadata.name
    }' is also the name of ${refs.join(
      ', ',
    )}: SLO queries select the service by the entity's name, so only an entity from catalog.locations, else the Component of that name in the default namespace, may use it; this entity's SLOs are not evaluated`;
  }

  #byName(): Promise<Map<string, Entity[]>> {
    return this.#cache.get('all', async () => {
      const byName = new Map<string, Entity[]>();
      for (const e of await this.#entities()) {
        const key = e.metadata.name.toLocaleLowerCase('en-US');
        byName.set(key, [...(byName.get(key) ?? []), e]);
      }
      return byName;
    });
  }
}
