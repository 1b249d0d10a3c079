import { ConfigReader } from '@backstage/config';
import { acquireStartupLock, lockConnection } from './startupLock';

describe('lockConnection', () => {
  it('connects to the postgres database of backend.database.connection', () => {
    const config = new ConfigReader({
      backend: {
        database: {
          client: 'pg',
          connection: { host: 'db', port: '5432', user: 'u', password: 'p' },
        },
      },
    });
    expect(lockConnection(config)).toEqual({
      host: 'db',
      port: 5432,
      user: 'u',
      password: 'p',
      database: 'postgres',
    });
  });

  it('takes a connection string as it is', () => {
    const config = new ConfigReader({
      backend: { database: { client: 'pg', connection: 'postgres://x/y' } },
    });
    expect(lockConnection(config)).toEqual({
      connectionString: 'postgres://x/y',
    });
  });
});

describe('acquireStartupLock', () => {
  /** A client whose lock is held by someone else for the first `busy` tries. */
  function client(busy: number) {
    let tries = 0;
    return {
      tries: () => tries,
      query: jest.fn(async () => {
        tries += 1;
        return { rows: [{ locked: tries > busy }] };
      }),
    };
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('takes a free lock at once', async () => {
    const c = client(0);
    await expect(
      acquireStartupLock(c as any, { limitMs: 10_000 }),
    ).resolves.toBe(true);
    expect(c.tries()).toBe(1);
  });

  it('waits while another replica holds it, then takes it', async () => {
    const c = client(2);
    const onWait = jest.fn();
    const result = acquireStartupLock(c as any, { limitMs: 60_000, onWait });
    await jest.advanceTimersByTimeAsync(2_000);
    await expect(result).resolves.toBe(true);
    expect(c.tries()).toBe(3);
    expect(onWait).toHaveBeenCalledTimes(2);
  });

  it('gives up after the limit', async () => {
    const c = client(Infinity);
    const result = acquireStartupLock(c as any, { limitMs: 3_000 });
    await jest.advanceTimersByTimeAsync(5_000);
    await expect(result).resolves.toBe(false);
  });
});
