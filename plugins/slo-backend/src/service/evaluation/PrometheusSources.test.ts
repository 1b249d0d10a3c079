import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { FakePrometheus } from '../../__testUtils__/fakes';
import { PrometheusSources } from './PrometheusSources';

function sources() {
  const prod = new FakePrometheus('prod');
  const shared = new FakePrometheus('shared');
  const staging = new FakePrometheus('staging');
  const logger = mockServices.logger.mock();
  const health: Array<[string, boolean]> = [];
  const subject = new PrometheusSources({
    sources: [
      { client: prod, environments: ['production'] },
      { client: shared, environments: ['production', 'staging'] },
      { client: staging, environments: ['staging'] },
    ],
    defaultEnvironment: 'production',
    logger,
    onSourceHealth: (source, up) => health.push([source, up]),
  });
  return { subject, prod, logger, health };
}

describe('PrometheusSources', () => {
  it('picks the sources of an environment in configuration order', () => {
    const { subject } = sources();
    expect(subject.forEnvironment('production').map(s => s.name)).toEqual([
      'prod',
      'shared',
    ]);
    expect(subject.forEnvironment('staging').map(s => s.name)).toEqual([
      'shared',
      'staging',
    ]);
    expect(subject.forEnvironment('qa')).toEqual([]);
  });

  it('defaults the environment and rejects unknown ones as bad input', () => {
    const { subject } = sources();
    expect(subject.environment(undefined)).toBe('production');
    expect(subject.environment('staging')).toBe('staging');
    expect(() => subject.environment('qa')).toThrow(InputError);
    expect(() => subject.environment('qa')).toThrow(
      "Unknown environment 'qa'; configured: production, staging",
    );
    const none = new PrometheusSources({
      sources: [],
      defaultEnvironment: 'production',
      logger: mockServices.logger.mock(),
    });
    expect(() => none.environment(undefined)).toThrow(
      "Unknown environment 'production'; configured: none",
    );
  });

  it('reports health for every tracked call and logs failures', async () => {
    const { subject, prod, logger, health } = sources();
    expect(await subject.tracked(prod, async () => 42)).toBe(42);
    await expect(
      subject.tracked(prod, async () => {
        throw new Error('connection refused');
      }),
    ).rejects.toThrow('connection refused');
    expect(health).toEqual([
      ['prod', true],
      ['prod', false],
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Prometheus prod: connection refused',
    );
  });
});
