import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { configApiRef } from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import { EntityObservabilityCard } from './EntityObservabilityCard';
import {
  decodeGrafanaExploreUrl,
  decodeKibanaDiscoverUrl,
} from '../utils/observability/__testUtils__/decode';

function service(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout-api',
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': 'checkout-api',
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
  };
}

async function render(entity: Entity, observability?: object) {
  const config = mockApis.config({
    data: observability ? { runway: { observability } } : {},
  });
  await renderInTestApp(
    <TestApiProvider apis={[[configApiRef, config]]}>
      <EntityProvider entity={entity}>
        <EntityObservabilityCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const grafana = { url: 'https://grafana.example.com' };

describe('EntityObservabilityCard', () => {
  it('links the annotated dashboard and one Loki Explore link per environment', async () => {
    await render(
      service({
        'runway.io/grafana-dashboard':
          'https://grafana.example.com/d/checkout/checkout-api',
      }),
      { grafana, logs: { type: 'loki', loki: { datasourceUid: 'loki' } } },
    );
    expect(screen.getByText('Observability')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Open dashboard/ }),
    ).toHaveAttribute(
      'href',
      'https://grafana.example.com/d/checkout/checkout-api',
    );
    expect(
      screen.getByText(/Last hour in Grafana Explore \(Loki\)/),
    ).toBeInTheDocument();
    for (const environment of ['staging', 'production']) {
      const link = screen.getByRole('link', {
        name: new RegExp(`^${environment} logs`),
      });
      const pane: any = Object.values(
        decodeGrafanaExploreUrl(link.getAttribute('href')!).panes,
      )[0];
      expect(pane.queries[0].expr).toBe(
        `{service="checkout-api", environment="${environment}"}`,
      );
      expect(pane.range).toEqual({ from: 'now-1h', to: 'now' });
      expect(
        screen.getByText(
          `{service="checkout-api", environment="${environment}"}`,
        ),
      ).toBeInTheDocument();
    }
  });

  it('builds the dashboard from the UID convention and Kibana links', async () => {
    await render(service({}), {
      environments: ['production'],
      grafana: { ...grafana, dashboardUid: 'svc-{service}' },
      logs: {
        type: 'kibana',
        kibana: { url: 'https://kibana.example.com', dataViewId: 'logs' },
      },
    });
    expect(
      screen.getByRole('link', { name: /Open dashboard/ }),
    ).toHaveAttribute('href', 'https://grafana.example.com/d/svc-checkout-api');
    expect(screen.getByText(/dashboard UID convention/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^staging logs/ })).toBeNull();
    const { a } = decodeKibanaDiscoverUrl(
      screen
        .getByRole('link', { name: /^production logs/ })
        .getAttribute('href')!,
    );
    expect(a.query.query).toBe(
      'service:"checkout-api" and environment:"production"',
    );
  });

  it('refuses a javascript: annotation and shows why, with no link', async () => {
    await render(
      service({
        // eslint-disable-next-line no-script-url -- the unsafe input under test
        'runway.io/grafana-dashboard': 'javascript:alert(document.cookie)',
      }),
    );
    expect(screen.queryByRole('link', { name: /Open dashboard/ })).toBeNull();
    expect(
      screen.getByText(/only http\(s\) URLs are linked, not javascript: URLs/),
    ).toBeInTheDocument();
    for (const a of document.querySelectorAll('a')) {
      expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    }
  });

  it('refuses a dashboard on another host than the configured Grafana', async () => {
    await render(
      service({
        'runway.io/grafana-dashboard': 'https://evil.example.com/d/x',
      }),
      { grafana },
    );
    expect(screen.queryByRole('link', { name: /Open dashboard/ })).toBeNull();
    expect(
      screen.getByText(
        /not on the configured Grafana \(https:\/\/grafana.example.com/,
      ),
    ).toBeInTheDocument();
  });

  it('explains what to set when nothing is configured', async () => {
    await render(service({}));
    expect(screen.queryAllByRole('link')).toHaveLength(0);
    expect(screen.getByText(/No dashboard linked/)).toHaveTextContent(
      'Set the annotation runway.io/grafana-dashboard',
    );
    expect(screen.getByText(/No logs backend configured/)).toHaveTextContent(
      'runway.observability.logs',
    );
  });

  it('shows a configuration mistake by key and keeps the dashboard link', async () => {
    await render(service({ 'runway.io/grafana-dashboard': 'abc' }), {
      grafana,
      logs: { type: 'cloudwatch', cloudwatch: { region: 'eu-west-1' } },
    });
    expect(
      screen.getByRole('link', { name: /Open dashboard/ }),
    ).toHaveAttribute('href', 'https://grafana.example.com/d/abc');
    expect(
      screen.getByText(/runway.observability.logs.cloudwatch.logGroups/),
    ).toBeInTheDocument();
  });
});
