import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { UpgradeResponse } from '@runway/plugin-template-upgrades-common';
import { TemplateUpgradesApi, templateUpgradesApiRef } from '../api';
import { EntityTemplateCard } from './EntityTemplateCard';
import {
  fakeApi,
  responseError,
  serviceStatus,
  TEMPLATE,
  upgradeRequest,
} from './testData';

jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    namespace: 'default',
    annotations: {
      'backstage.io/source-template': TEMPLATE,
      'runway.io/template-version': '1.2.0',
    },
  },
  spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
};

async function renderCard(api: TemplateUpgradesApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[templateUpgradesApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityTemplateCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const withConflicts = fakeApi({
  getEntityStatus: async () => ({
    canUpgrade: true,
    status: serviceStatus({
      upgrade: upgradeRequest({
        fromVersion: '1.1.0',
        toVersion: '1.3.0',
        url: 'https://github.com/acme/checkout-api/pull/40',
        number: 40,
        conflicts: [{ path: 'Makefile', reason: 'deleted-in-service' }],
      }),
    }),
  }),
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('EntityTemplateCard', () => {
  it("shows the service's template, version, drift and latest upgrade request", async () => {
    await renderCard(withConflicts);
    expect(await screen.findByText('1.2.0')).toBeInTheDocument();
    expect(screen.getByText('Template')).toBeInTheDocument();
    expect(screen.getByText(TEMPLATE)).toBeInTheDocument();
    expect(screen.getByText('behind')).toBeInTheDocument();
    expect(screen.getByText('latest 1.4.0')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: '3 files changed' }));
    expect(screen.getByText('docs/adr/0002-outbox.md')).toBeInTheDocument();

    expect(
      screen.getByRole('link', { name: /^pull request #40/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/checkout-api/pull/40');
    expect(screen.getByText('1 conflict')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'conflicts' })).toHaveTextContent(
      'Makefile: the service removed a file the template changed (it stays removed)',
    );
    expect(
      screen.getByRole('button', { name: 'Upgrade to 1.4.0' }),
    ).toBeEnabled();
  });

  it('opens an upgrade: disabled while it runs, then shows the created link', async () => {
    const answer = deferred<UpgradeResponse>();
    const asked: string[] = [];
    await renderCard(
      fakeApi({
        ...withConflicts,
        upgrade: entityRef => {
          asked.push(entityRef);
          return answer.promise;
        },
      }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Upgrade to 1.4.0' }),
    );
    expect(asked).toEqual(['component:default/checkout-api']);
    expect(
      await screen.findByRole('button', { name: 'Upgrading to 1.4.0…' }),
    ).toBeDisabled();

    answer.resolve({
      created: true,
      request: upgradeRequest({
        url: 'https://github.com/acme/checkout-api/pull/43',
        number: 43,
      }),
    });
    const alert = await screen.findByText(/Opened an upgrade to 1\.4\.0/);
    expect(
      within(alert).getByRole('link', { name: /^pull request #43/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/checkout-api/pull/43');
    // the latest request is now the one just opened
    expect(
      screen.getAllByRole('link', { name: /^pull request #43/ }),
    ).toHaveLength(2);
    expect(
      screen.queryByRole('link', { name: /^pull request #40/ }),
    ).toBeNull();
    expect(
      screen.getByRole('button', { name: 'Upgrade to 1.4.0' }),
    ).toBeDisabled();
    expect(asked).toHaveLength(1);
  });

  it('says when an upgrade for the version was already open', async () => {
    await renderCard(
      fakeApi({
        upgrade: async () => ({
          created: false,
          request: upgradeRequest({
            provider: 'local',
            url: undefined,
            number: undefined,
            branch: 'runway/template-1.4.0',
          }),
        }),
      }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Upgrade to 1.4.0' }),
    );
    expect(
      await screen.findByText(/An upgrade to 1\.4\.0 was already open/),
    ).toHaveTextContent(
      'An upgrade to 1.4.0 was already open: branch runway/template-1.4.0',
    );
  });

  it("names the backend's reason when it refuses the upgrade", async () => {
    await renderCard(
      fakeApi({
        upgrade: async () => {
          throw await responseError(
            409,
            'Conflict',
            'component:default/checkout-api is already on 1.4.0',
          );
        },
      }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Upgrade to 1.4.0' }),
    );
    expect(
      await screen.findByText(/The upgrade could not be opened/),
    ).toHaveTextContent(
      'The upgrade could not be opened: component:default/checkout-api is already on 1.4.0',
    );
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Upgrade to 1.4.0' }),
      ).toBeEnabled(),
    );
  });

  it('offers no upgrade to a current service or to a caller who may not', async () => {
    const { unmount } = await renderCard(
      fakeApi({
        getEntityStatus: async () => ({
          canUpgrade: true,
          status: serviceStatus({ version: '1.4.0', behind: false }),
        }),
      }),
    );
    expect(await screen.findByText('current')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Upgrade/ })).toBeNull();
    expect(screen.getByText('none yet')).toBeInTheDocument();
    unmount();

    await renderCard(
      fakeApi({
        getEntityStatus: async () => ({
          canUpgrade: false,
          status: serviceStatus({ problem: 'no answers file' }),
        }),
      }),
    );
    expect(await screen.findByText('behind')).toBeInTheDocument();
    expect(screen.getByText('no answers file')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Upgrade/ })).toBeNull();
  });

  it('says so when the service was not made from a template Runway knows', async () => {
    await renderCard(
      fakeApi({ getEntityStatus: async () => ({ canUpgrade: false }) }),
    );
    expect(
      await screen.findByText(/Not made from a template Runway knows/),
    ).toHaveTextContent(`Not made from a template Runway knows (${TEMPLATE}).`);
    expect(screen.queryByRole('button', { name: /Upgrade/ })).toBeNull();
  });

  it('shows progress, then errors, and a 403 as a line', async () => {
    const { unmount } = await renderCard(
      fakeApi({ getEntityStatus: () => new Promise(() => {}) }),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();

    const failed = await renderCard(
      fakeApi({
        getEntityStatus: async () => {
          throw await responseError(503, 'Service Unavailable', 'git down');
        },
      }),
    );
    expect(
      await screen.findByText(/Request failed with 503 Service Unavailable/),
    ).toBeInTheDocument();
    failed.unmount();

    await renderCard(
      fakeApi({
        getEntityStatus: async () => {
          throw await responseError(403, 'Forbidden', 'no');
        },
      }),
    );
    expect(
      await screen.findByText(
        "You may not see this service's template status.",
      ),
    ).toBeInTheDocument();
  });
});
