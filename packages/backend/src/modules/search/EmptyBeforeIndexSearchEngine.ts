import {
  IndexableResultSet,
  QueryRequestOptions,
  QueryTranslator,
  SearchEngine,
  SearchQuery,
} from '@backstage/plugin-search-common';
import { Writable } from 'node:stream';
import { noteUnavailable } from '../../unavailable';

/**
 * A search engine that answers an empty result for a document type whose
 * index has not been built yet (a fresh install, before the collators' first
 * run), where the wrapped engine throws `MissingIndexError` and the search
 * backend answers 500. Every other error is passed on; a lost database
 * connection is noted first (the search backend replaces every error with a
 * plain one), so the answer is a 503 (unavailable.ts).
 */
export class EmptyBeforeIndexSearchEngine implements SearchEngine {
  constructor(private readonly engine: SearchEngine) {}

  setTranslator(translator: QueryTranslator): void {
    this.engine.setTranslator(translator);
  }

  getIndexer(type: string): Promise<Writable> {
    return this.engine.getIndexer(type);
  }

  async query(
    query: SearchQuery,
    options?: QueryRequestOptions,
  ): Promise<IndexableResultSet> {
    try {
      return await this.engine.query(query, options);
    } catch (error) {
      if ((error as Error)?.name === 'MissingIndexError') {
        return { results: [], numberOfResults: 0 };
      }
      noteUnavailable(error);
      throw error;
    }
  }
}
