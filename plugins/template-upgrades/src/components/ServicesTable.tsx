import { Suspense } from 'react';
import { Progress, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { ServiceTemplateStatus } from '@runway/plugin-template-upgrades-common';
import { byVersion, sortServices } from '../utils/format';
import { DriftFiles } from './DriftFiles';
import { UpgradeRequestSummary } from './UpgradeRequestSummary';
import { VersionStatus } from './VersionStatus';

const columns: TableColumn<ServiceTemplateStatus>[] = [
  {
    title: 'Service',
    field: 'entityRef',
    render: s => (
      <>
        <EntityRefLink entityRef={s.entityRef} />
        {s.problem && (
          <Typography variant="body2" color="error" role="note">
            Problem: {s.problem}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Owner',
    field: 'owner',
    render: s =>
      s.owner ? (
        <EntityRefLink entityRef={s.owner} defaultKind="group" />
      ) : (
        'no owner'
      ),
  },
  {
    title: 'Version',
    field: 'version',
    customSort: byVersion,
    render: s => <VersionStatus status={s} />,
  },
  {
    title: 'Files changed since generated',
    sorting: false,
    render: s => <DriftFiles drift={s.drift} />,
  },
  {
    title: 'Latest upgrade request',
    sorting: false,
    render: s => <UpgradeRequestSummary request={s.upgrade} />,
  },
];

/** The services made from one template, behind ones first. */
export function ServicesTable(props: { services: ServiceTemplateStatus[] }) {
  // Its own boundary: the table loads translations lazily, and a boundary
  // mounted with the data shows a spinner instead of blanking the page.
  return (
    <Suspense fallback={<Progress />}>
      <Table<ServiceTemplateStatus>
        options={{
          toolbar: false,
          paging: props.services.length > 20,
          pageSize: 20,
          search: false,
          padding: 'dense',
        }}
        columns={columns}
        data={sortServices(props.services)}
        emptyContent={
          <Typography variant="body2" color="textSecondary" align="center">
            No service was made from this template yet.
          </Typography>
        }
      />
    </Suspense>
  );
}
