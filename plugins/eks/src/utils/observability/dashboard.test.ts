import { resolveDashboard } from './dashboard';

const grafana = { url: 'https://grafana.example.com' };

describe('resolveDashboard', () => {
  it('links an https dashboard URL on the configured Grafana', () => {
    expect(
      resolveDashboard({
        annotation: 'https://grafana.example.com/d/abc123/checkout-api?orgId=1',
        service: 'checkout-api',
        grafana,
      }),
    ).toEqual({
      state: 'link',
      url: 'https://grafana.example.com/d/abc123/checkout-api?orgId=1',
      source: 'annotation',
    });
  });

  it('links any http(s) URL when no Grafana is configured', () => {
    expect(
      resolveDashboard({
        annotation: 'http://grafana.internal:3000/d/x',
        service: 's',
        grafana: undefined,
      }),
    ).toMatchObject({ state: 'link', url: 'http://grafana.internal:3000/d/x' });
  });

  it.each([
    [
      // eslint-disable-next-line no-script-url -- the unsafe input under test
      'javascript:alert(document.cookie)',
      'only http(s) URLs are linked, not javascript: URLs',
    ],
    [
      // eslint-disable-next-line no-script-url -- the unsafe input under test
      'JavaScript:alert(1)',
      'only http(s) URLs are linked, not javascript: URLs',
    ],
    [
      'data:text/html,<script>alert(1)</script>',
      'only http(s) URLs are linked, not data: URLs',
    ],
    ['vbscript:msgbox', 'only http(s) URLs are linked, not vbscript: URLs'],
    [
      'https://user:pw@grafana.example.com/d/x',
      'URLs with a user name or password are not linked',
    ],
    [
      '//evil.example.com/d/x',
      'it is neither an http(s) URL nor a Grafana dashboard UID',
    ],
    ['../../admin', 'it is neither an http(s) URL nor a Grafana dashboard UID'],
  ])('refuses %s', (annotation, reason) => {
    expect(
      resolveDashboard({ annotation, service: 's', grafana: undefined }),
    ).toEqual({ state: 'refused', value: annotation, reason });
  });

  it.each([
    'https://evil.example.com/d/abc',
    'http://grafana.example.com/d/abc',
    'https://grafana.example.com.evil.example/d/abc',
    'https://grafana.example.com:8443/d/abc',
    'https://grafana.example.com@evil.example.com/d/abc',
  ])('refuses %s, not on the configured Grafana', annotation => {
    const result = resolveDashboard({ annotation, service: 's', grafana });
    expect(result.state).toBe('refused');
  });

  it('keeps links under the configured sub-path only', () => {
    const sub = { url: 'https://example.com/grafana' };
    expect(
      resolveDashboard({
        annotation: 'https://example.com/grafana/d/x',
        service: 's',
        grafana: sub,
      }).state,
    ).toBe('link');
    expect(
      resolveDashboard({
        annotation: 'https://example.com/grafanax/d/x',
        service: 's',
        grafana: sub,
      }),
    ).toMatchObject({
      state: 'refused',
      reason: expect.stringContaining('not on the configured Grafana'),
    });
  });

  it('links a dashboard UID on the configured Grafana, and refuses it without one', () => {
    expect(
      resolveDashboard({
        annotation: 'checkout-api_v2',
        service: 's',
        grafana,
      }),
    ).toEqual({
      state: 'link',
      url: 'https://grafana.example.com/d/checkout-api_v2',
      source: 'annotation',
    });
    expect(
      resolveDashboard({
        annotation: 'checkout-api',
        service: 's',
        grafana: undefined,
      }),
    ).toMatchObject({
      state: 'refused',
      reason: expect.stringContaining('runway.observability.grafana.url'),
    });
  });

  it('falls back to the UID convention with {service}', () => {
    expect(
      resolveDashboard({
        annotation: undefined,
        service: 'checkout-api',
        grafana: { ...grafana, dashboardUid: 'svc-{service}' },
      }),
    ).toEqual({
      state: 'link',
      url: 'https://grafana.example.com/d/svc-checkout-api',
      source: 'convention',
    });
    expect(
      resolveDashboard({
        annotation: undefined,
        service: 'checkout.api',
        grafana: { ...grafana, dashboardUid: '{service}' },
      }),
    ).toMatchObject({ state: 'refused', value: 'checkout.api' });
  });

  it('is none without annotation or convention', () => {
    expect(
      resolveDashboard({ annotation: '  ', service: 's', grafana }),
    ).toEqual({ state: 'none' });
  });
});
