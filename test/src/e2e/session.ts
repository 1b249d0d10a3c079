import { APIRequestContext, expect, Page } from '@playwright/test';

/** Signs in with the development guest provider and waits for the home page. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  // Signed in once the home page shows; navigating earlier would drop the session.
  await expect(page.getByText('Welcome to Runway')).toBeVisible();
}

/** A development guest's Backstage token, for the API calls of a test. */
export async function guestApiToken(
  request: APIRequestContext,
): Promise<string> {
  const refresh = await request.get('/api/auth/guest/refresh', {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(refresh.ok()).toBeTruthy();
  return (await refresh.json()).backstageIdentity.token;
}
