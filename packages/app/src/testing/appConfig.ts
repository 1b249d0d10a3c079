/**
 * Sets the config the app reads at start-up. The app reads it once per
 * module instance, so each test file that renders the App sets it once.
 */
export function setAppConfig(signInProviders: string[]) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Test' },
          runway: { signIn: { providers: signInProviders } },
          backend: { baseUrl: 'http://localhost:7007' },
          techdocs: {
            storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
          },
        },
        context: 'test',
      },
    ] as any,
  };
}
