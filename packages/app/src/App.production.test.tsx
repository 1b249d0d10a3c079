import { render } from '@testing-library/react';
import App from './App';
import { setAppConfig } from './testing/appConfig';

describe('App in production', () => {
  it('offers only the company account (OIDC with AWS Cognito)', async () => {
    setAppConfig(['oidc']);
    const rendered = render(App.createRoot());

    expect(await rendered.findByText('Company account')).toBeInTheDocument();
    expect(
      rendered.getByText('Sign in with your company account (AWS Cognito)'),
    ).toBeInTheDocument();
    expect(rendered.queryByText('Guest')).toBeNull();
    expect(rendered.getByRole('button', { name: 'Sign In' })).toBeEnabled();
  });
});
