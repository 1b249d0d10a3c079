import { render, waitFor } from '@testing-library/react';
import App from './App';
import { setAppConfig } from './testing/appConfig';

describe('App in development', () => {
  it('offers guest sign-in only', async () => {
    setAppConfig(['guest']);
    const rendered = render(App.createRoot());

    expect(await rendered.findByText('Sign in to Runway')).toBeInTheDocument();
    expect(await rendered.findByText('Guest')).toBeInTheDocument();
    expect(rendered.queryByText('Company account')).toBeNull();
    await waitFor(() =>
      expect(rendered.getByRole('button', { name: 'Enter' })).toBeEnabled(),
    );
  });
});
