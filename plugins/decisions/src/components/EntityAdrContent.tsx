import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { decisionsApiRef } from '../api';
import { AdrTable } from './AdrTable';

/** The ADR tab: the entity's decisions from its `backstage.io/adr-location`. */
export const EntityAdrContent = () => {
  const { entity } = useEntity();
  const api = useApi(decisionsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.listAdrs({ entityRef }),
    [api, entityRef],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (value!.errors.length > 0) {
    return (
      <ResponseErrorPanel
        title="The decisions could not be read"
        error={new Error(value!.errors.map(e => e.message).join('; '))}
      />
    );
  }
  if (value!.items.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No decisions recorded"
        description="Add ADRs in MADR format as NNNN-title.md (status and date under the title) in the folder named by the backstage.io/adr-location annotation (e.g. docs/adr), or use the New ADR template."
      />
    );
  }
  return (
    <AdrTable
      title={`Decisions (${value!.items.length})`}
      adrs={[...value!.items].sort((a, b) => a.number.localeCompare(b.number))}
    />
  );
};
