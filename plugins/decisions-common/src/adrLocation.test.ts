import {
  ADR_LOCATION_ANNOTATION,
  getAdrLocation,
  isAdrAvailable,
} from './adrLocation';

const entity = (annotations?: Record<string, string>) => ({
  metadata: { annotations },
});

describe('ADR location', () => {
  it('is the community ADR plugin annotation', () => {
    expect(ADR_LOCATION_ANNOTATION).toBe('backstage.io/adr-location');
  });

  it('finds ADRs only on entities with the annotation', () => {
    expect(
      isAdrAvailable(entity({ [ADR_LOCATION_ANNOTATION]: 'docs/adr' })),
    ).toBe(true);
    expect(
      getAdrLocation(entity({ [ADR_LOCATION_ANNOTATION]: ' docs/adr ' })),
    ).toBe('docs/adr');
    // docs alone do not mean decisions
    expect(
      isAdrAvailable(entity({ 'backstage.io/techdocs-ref': 'dir:.' })),
    ).toBe(false);
    expect(isAdrAvailable(entity())).toBe(false);
    expect(isAdrAvailable(entity({ [ADR_LOCATION_ANNOTATION]: '  ' }))).toBe(
      false,
    );
  });
});
