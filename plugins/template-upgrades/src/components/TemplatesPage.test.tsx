import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, within } from '@testing-library/react';
import { TemplateUpgradesApi, templateUpgradesApiRef } from '../api';
import { TemplatesPage } from './TemplatesPage';
import { fakeApi, responseError } from './testData';

jest.setTimeout(30_000);

async function renderPage(api: TemplateUpgradesApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[templateUpgradesApiRef, api]]}>
      <TemplatesPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** The table row of one service. */
function row(name: string) {
  return screen.getByRole('link', { name }).closest('tr')!;
}

describe('TemplatesPage', () => {
  it('shows each template with its versions and how many services are behind', async () => {
    await renderPage(fakeApi());
    const section = await screen.findByRole('region', {
      name: 'Microservice',
    });
    expect(
      within(section).getByText('template:default/microservice'),
    ).toBeInTheDocument();
    expect(within(section).getByText(/Latest version/)).toHaveTextContent(
      'Latest version: 1.4.0',
    );
    const archived = within(section).getByText(/Archived versions/);
    for (const version of ['1.4.0', '1.3.0', '1.2.0']) {
      expect(within(archived).getByText(version)).toBeInTheDocument();
    }
    expect(
      within(section).getByText('2 of 3 services behind'),
    ).toBeInTheDocument();
    expect(screen.getByText(/the sweep is off/)).toHaveTextContent(
      "Upgrade pull requests are opened from each service's page; the sweep is off.",
    );
  });

  it('marks behind and current services and links their upgrade requests', async () => {
    await renderPage(fakeApi());
    await screen.findByRole('link', { name: 'checkout-api' });

    const checkout = row('checkout-api');
    expect(within(checkout).getByText('1.2.0')).toBeInTheDocument();
    expect(within(checkout).getByText('behind')).toBeInTheDocument();
    expect(
      within(checkout).getByRole('link', { name: 'team-checkout' }),
    ).toBeInTheDocument();
    expect(
      within(checkout).getByRole('link', { name: /^pull request #42/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/checkout-api/pull/42');
    expect(
      within(checkout).getByText(/\(1\.2\.0 to 1\.4\.0\)/),
    ).toBeInTheDocument();
    expect(within(checkout).getByText(/by jane/)).toBeInTheDocument();

    const storefront = row('storefront-web');
    expect(within(storefront).getByText('current')).toBeInTheDocument();
    expect(within(storefront).queryByText('behind')).toBeNull();
    expect(
      within(storefront).getByText(/branch runway\/template-1.4.0/),
    ).toBeInTheDocument();
    expect(
      within(storefront).queryByRole('link', { name: /branch/ }),
    ).toBeNull();
    expect(within(storefront).getByText('clean')).toBeInTheDocument();
    expect(within(storefront).getByText('no file changed')).toBeInTheDocument();
  });

  it('lists the conflicting files with their reasons', async () => {
    await renderPage(fakeApi());
    await screen.findByRole('link', { name: 'checkout-api' });
    const checkout = row('checkout-api');
    expect(within(checkout).getByText('2 conflicts')).toBeInTheDocument();
    const conflicts = within(checkout).getByRole('list', { name: 'conflicts' });
    expect(conflicts).toHaveTextContent(
      'k8s/base/deployment.yaml: the service and the template changed the same lines',
    );
    expect(conflicts).toHaveTextContent(
      "logo.png: both changed a binary file (the service's copy is kept)",
    );
  });

  it('opens the list of files a service changed since it was generated', async () => {
    await renderPage(fakeApi());
    await screen.findByRole('link', { name: 'checkout-api' });
    const checkout = row('checkout-api');
    expect(
      within(checkout).getByText('1 added, 1 modified, 1 deleted'),
    ).toBeInTheDocument();
    expect(within(checkout).queryByText('src/main.go')).toBeNull();
    const toggle = within(checkout).getByRole('button', {
      name: '3 files changed',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    const files = within(checkout).getByRole('list', { name: 'files changed' });
    const items = within(files).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'modifiedsrc/main.go',
      'addeddocs/adr/0002-outbox.md',
      'deletedk8s/base/hpa.yaml',
    ]);
  });

  it('shows why a service cannot be compared, behind services first', async () => {
    await renderPage(fakeApi());
    await screen.findByRole('link', { name: 'payments-api' });
    expect(
      within(row('payments-api')).getByText(
        'Problem: version 1.1.0 is not archived',
      ),
    ).toBeInTheDocument();
    expect(
      within(row('payments-api')).getByText('not compared yet'),
    ).toBeInTheDocument();
    const order = screen
      .getAllByRole('link', { name: /-(api|web)$/ })
      .map(l => l.textContent);
    expect(order).toEqual(['payments-api', 'checkout-api', 'storefront-web']);
  });

  it('shows progress while the fleet loads', async () => {
    await renderPage(fakeApi({ getFleet: () => new Promise(() => {}) }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('says when no service was made from a template', async () => {
    await renderPage(
      fakeApi({
        getFleet: async () => ({ templates: [], sweepEnabled: true }),
      }),
    );
    expect(
      await screen.findByText('No service was created from a template yet'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/the sweep is off/)).toBeNull();
  });

  it("lists a template no service was made from yet in its own section, without the page's empty state", async () => {
    await renderPage(
      fakeApi({
        getFleet: async () => ({
          templates: [
            {
              templateRef: 'template:default/microservice',
              title: 'Microservice (golden path)',
              latestVersion: '1.0.0',
              archivedVersions: ['1.0.0'],
              services: [],
            },
          ],
          sweepEnabled: true,
        }),
      }),
    );
    expect(
      await screen.findByText('No service was made from this template yet.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('No service was created from a template yet'),
    ).toBeNull();
  });

  it('says the caller may not see the fleet on a 403', async () => {
    await renderPage(
      fakeApi({
        getFleet: async () => {
          throw await responseError(403, 'Forbidden', 'not allowed');
        },
      }),
    );
    expect(
      await screen.findByText('Warning: You may not see the template fleet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/template-upgrades\.read/)).toBeInTheDocument();
    expect(screen.queryByText(/Request failed/)).toBeNull();
  });

  it('shows other failures in an error panel', async () => {
    await renderPage(
      fakeApi({
        getFleet: async () => {
          throw await responseError(500, 'Internal Server Error', 'db down');
        },
      }),
    );
    expect(
      await screen.findByText(/Request failed with 500 Internal Server Error/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Microservice')).toBeNull();
  });
});
