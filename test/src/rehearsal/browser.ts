import { expect, Page } from '@playwright/test';
import { rehearsalState } from './state';

/**
 * Failed requests (network errors, 5xx) and console errors seen by `page`
 * from now on. Requests the page itself cancels by navigating away
 * (net::ERR_ABORTED) are not failures.
 */
export function watch(page: Page) {
  const problems: string[] = [];
  page.on('requestfailed', request => {
    const error = request.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') {
      problems.push(`${request.method()} ${request.url()}: ${error}`);
    }
  });
  page.on('response', response => {
    if (response.status() >= 500) {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on('console', message => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', error => problems.push(`page error: ${error.message}`));
  return problems;
}

/**
 * Signs `login` in through the sign-in page's company account (OIDC popup).
 * Before, the page's silent sign-in attempt answers 401 (no session yet):
 * that is how it learns to show the sign-in page, so watching starts after.
 */
export async function signIn(page: Page, login: string) {
  await page.goto(rehearsalState().url);
  await expect(
    page.getByText('Company account', { exact: true }),
  ).toBeVisible();
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: /sign in/i }).click(),
  ]);
  await popup.locator('input[name=login]').fill(login);
  await popup.locator('input[name=login]').press('Enter');
  await expect(page.getByText('Welcome to Runway')).toBeVisible();
  // the guest provider of development is not offered
  await expect(page.getByRole('button', { name: 'Enter' })).toHaveCount(0);
}
