import { render, waitFor } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('renders the sign-in page with the configured providers', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            runway: { signIn: { providers: ['guest'] } },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(App.createRoot());

    expect(await rendered.findByText('Sign in to Runway')).toBeInTheDocument();
    expect(await rendered.findByText('Guest')).toBeInTheDocument();
    await waitFor(() =>
      expect(rendered.getByRole('button', { name: 'Enter' })).toBeEnabled(),
    );
  });
});
