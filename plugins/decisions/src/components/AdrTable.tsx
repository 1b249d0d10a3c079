import { Suspense } from 'react';
import { Link, Progress, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Chip } from '@material-ui/core';
import { EntityAdr } from '@runway/plugin-decisions-common';

const STATUS_COLORS: Record<string, string> = {
  accepted: '#2e7d32',
  proposed: '#1565c0',
  rejected: '#c62828',
  deprecated: '#6d4c41',
  superseded: '#757575',
};

/** A MADR status as a coloured chip. */
export const StatusChip = ({ status }: { status: string }) => (
  <Chip
    size="small"
    label={status}
    style={{
      backgroundColor: STATUS_COLORS[status] ?? '#9e9e9e',
      color: '#fff',
    }}
  />
);

/** ADRs with status, date, and (on the Decisions page) entity and owner. */
export const AdrTable = (props: {
  adrs: EntityAdr[];
  title: string;
  showEntity?: boolean;
}) => {
  const columns: TableColumn<EntityAdr>[] = [
    { title: 'ADR', field: 'number', width: '80px' },
    {
      title: 'Title',
      field: 'title',
      render: adr =>
        adr.docsPath ? <Link to={adr.docsPath}>{adr.title}</Link> : adr.title,
    },
    {
      title: 'Status',
      field: 'status',
      render: adr => <StatusChip status={adr.status} />,
    },
    { title: 'Date', field: 'date', render: adr => adr.date ?? 'no date' },
  ];
  if (props.showEntity) {
    columns.push(
      {
        title: 'Service',
        field: 'entityRef',
        render: adr => <EntityRefLink entityRef={adr.entityRef} />,
      },
      {
        title: 'Owner',
        field: 'owner',
        render: adr => <EntityRefLink entityRef={adr.owner} />,
      },
    );
  }
  // Its own boundary: the table loads translations lazily, and a boundary
  // mounted with the data shows a spinner instead of blanking the page.
  return (
    <Suspense fallback={<Progress />}>
      <Table<EntityAdr>
        title={props.title}
        options={{
          paging: props.adrs.length > 20,
          pageSize: 20,
          search: false,
          padding: 'dense',
        }}
        columns={columns}
        data={props.adrs}
      />
    </Suspense>
  );
};
