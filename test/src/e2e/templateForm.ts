import { expect, Page } from '@playwright/test';

/** Picks `option` in the autocomplete labelled `label` (RunwayOwnerPicker, EntityPicker). */
export async function pick(page: Page, label: string, option: string) {
  const input = page.getByLabel(label, { exact: false }).first();
  await input.click();
  await input.fill(option);
  await page
    .getByRole('option', { name: new RegExp(option) })
    .first()
    .click({ timeout: 30_000 });
}

/** Picks `option` in the MUI select labelled `label`. */
export async function select(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: false }).first().click();
  await page.getByRole('option', { name: option }).click({ timeout: 30_000 });
  // the menu's popover fades out after the choice: gone before the next step
  await expect(page.locator('.MuiPopover-root')).toHaveCount(0);
}
