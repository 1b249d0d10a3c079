import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { SOURCE_TEMPLATE_ANNOTATION } from '@runway/plugin-template-upgrades-common';
import useAsync from 'react-use/esm/useAsync';
import { templateUpgradesApiRef } from '../api';
import { errorStatus } from '../utils/format';
import { EntityTemplateStatus } from './EntityTemplateStatus';

/**
 * The Template card of a service: the template it was made from, its
 * version against the latest, what it changed since, its latest upgrade
 * request and, for those who may, an Upgrade button.
 */
export function EntityTemplateCard() {
  const { entity } = useEntity();
  const api = useApi(templateUpgradesApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getEntityStatus(entityRef),
    [api, entityRef],
  );
  const annotated = entity.metadata.annotations?.[SOURCE_TEMPLATE_ANNOTATION];
  let body;
  if (loading) {
    body = <Progress />;
  } else if (error && errorStatus(error) === 403) {
    body = (
      <Typography variant="body2" color="textSecondary">
        You may not see this service's template status.
      </Typography>
    );
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else {
    body = (
      <EntityTemplateStatus
        entityRef={entityRef}
        answer={value!}
        fallbackTemplate={annotated}
      />
    );
  }
  return (
    <InfoCard
      title="Template"
      subheader={value?.status?.templateRef ?? annotated}
    >
      {body}
    </InfoCard>
  );
}
