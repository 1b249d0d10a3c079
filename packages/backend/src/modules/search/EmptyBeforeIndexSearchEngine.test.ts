import { mockServices } from '@backstage/backend-test-utils';
import {
  LunrSearchEngine,
  MissingIndexError,
} from '@backstage/plugin-search-backend-node';
import { SearchEngine } from '@backstage/plugin-search-common';
import { EmptyBeforeIndexSearchEngine } from './EmptyBeforeIndexSearchEngine';

describe('EmptyBeforeIndexSearchEngine', () => {
  it('answers an empty result for a type that has no index yet', async () => {
    const lunr = new LunrSearchEngine({ logger: mockServices.logger.mock() });
    // the unwrapped engine refuses the query
    await expect(
      lunr.query({ term: 'runbook', types: ['techdocs'] }),
    ).rejects.toThrow(MissingIndexError);
    const engine = new EmptyBeforeIndexSearchEngine(lunr);
    await expect(
      engine.query({ term: 'runbook', types: ['techdocs'] }),
    ).resolves.toEqual({ results: [], numberOfResults: 0 });
  });

  it('passes any other error on', async () => {
    const failing: SearchEngine = {
      setTranslator: jest.fn(),
      getIndexer: jest.fn(),
      query: async () => {
        throw new Error('connection refused');
      },
    };
    await expect(
      new EmptyBeforeIndexSearchEngine(failing).query({ term: 'x' }),
    ).rejects.toThrow('connection refused');
  });

  it('delegates indexing and translation', async () => {
    const indexer = {} as any;
    const inner: SearchEngine = {
      setTranslator: jest.fn(),
      getIndexer: jest.fn(async () => indexer),
      query: jest.fn(async () => ({ results: [] })),
    };
    const engine = new EmptyBeforeIndexSearchEngine(inner);
    const translator = jest.fn();
    engine.setTranslator(translator);
    expect(inner.setTranslator).toHaveBeenCalledWith(translator);
    await expect(engine.getIndexer('techdocs')).resolves.toBe(indexer);
  });
});
