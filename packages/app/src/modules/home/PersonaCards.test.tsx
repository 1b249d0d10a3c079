import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { PersonaCards } from './PersonaCards';
import { entryState, PERSONA_ENTRIES } from './personas';

describe('PersonaCards', () => {
  it('has one entry per persona, each with a title', () => {
    expect(PERSONA_ENTRIES.map(e => e.persona)).toEqual([
      'Developers',
      'Ops / SRE',
      'Developers & SRE',
      'Managers',
      'Everyone',
    ]);
  });

  it('links to pages that exist and marks the others coming soon', async () => {
    await renderInTestApp(<PersonaCards />);

    expect(screen.getByText(/^Create a service/).closest('a')).toHaveAttribute(
      'href',
      '/create/templates/default/microservice',
    );
    expect(screen.getByText(/^Docs/).closest('a')).toHaveAttribute(
      'href',
      '/docs',
    );

    expect(screen.getByText(/^SLOs/).closest('a')).toHaveAttribute(
      'href',
      '/slos',
    );

    expect(screen.getByText(/^Costs/).closest('a')).toHaveAttribute(
      'href',
      '/costs',
    );

    for (const id of PERSONA_ENTRIES.filter(e => !e.path).map(e => e.id)) {
      const card = screen.getByTestId(`persona-${id}`);
      expect(card.querySelector('a')).toBeNull();
      expect(card).toHaveTextContent('Coming soon');
      expect(card).toHaveAttribute('aria-disabled', 'true');
    }
    expect(screen.queryAllByText('Coming soon')).toHaveLength(
      PERSONA_ENTRIES.filter(e => entryState(e) === 'coming-soon').length,
    );
  });
});
