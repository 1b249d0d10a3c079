import { APIRequestContext, expect, test } from '@playwright/test';
import { guestApiToken, signInAsGuest } from './session';
import { runScheduledTask } from './tasks';

const shots = 'test-results/screenshots';

type Notification = {
  id: string;
  read: string | null;
  payload: { title: string; link?: string; topic?: string };
};

/** The sample organisation's two events the owning teams hear about. */
const SLO_BURN = /^checkout-api: SLO .+ is burning its error budget fast/;
const ANOMALY = /^billing-worker: cost anomaly, /;

async function notifications(request: APIRequestContext, token: string) {
  const res = await request.get('/api/notifications/notifications?limit=100', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.ok()).toBeTruthy();
  return ((await res.json()).notifications as Notification[]).filter(
    n => SLO_BURN.test(n.payload.title) || ANOMALY.test(n.payload.title),
  );
}

test("the notifications page shows checkout-api's SLO burn to team-checkout and billing-worker's anomaly to team-payments, each once", async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  // guest is a member of both teams in the sample organisation; the checks
  // run a few seconds after start, then every minute (development config)
  const token = await guestApiToken(request);
  await expect
    .poll(
      async () =>
        (
          await notifications(request, token)
        ).map(n => (SLO_BURN.test(n.payload.title) ? 'slo' : 'cost')),
      { timeout: 180_000, intervals: [2000] },
    )
    .toEqual(expect.arrayContaining(['slo', 'cost']));
  const found = await notifications(request, token);
  expect(found).toHaveLength(2);
  const burn = found.find(n => SLO_BURN.test(n.payload.title))!;
  const anomaly = found.find(n => ANOMALY.test(n.payload.title))!;
  expect(burn.payload).toMatchObject({
    topic: 'slo',
    link: '/catalog/default/component/checkout-api/slos',
  });
  expect(anomaly.payload).toMatchObject({
    topic: 'cost',
    link: '/catalog/default/component/billing-worker/cost',
  });

  await signInAsGuest(page);
  await page.goto('/notifications');
  await expect(page.getByText(SLO_BURN).first()).toBeVisible();
  await expect(page.getByText(ANOMALY).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/notifications.png`, fullPage: true });

  // the page links to the page that explains each one
  await page.getByText(SLO_BURN).first().click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/checkout-api\/slos/,
  );

  // the same events again do not notify again: read, both checks run
  // twice more, and both are still there once and still read
  const update = await request.post('/api/notifications/notifications/update', {
    headers: { authorization: `Bearer ${token}` },
    data: { ids: [burn.id, anomaly.id], read: true },
  });
  expect(update.ok()).toBeTruthy();
  for (let i = 0; i < 2; i++) {
    await runScheduledTask(request, token, 'slo', 'slo-notifications');
    await runScheduledTask(
      request,
      token,
      'aws-cost',
      'aws-cost-notifications',
    );
  }
  const after = await notifications(request, token);
  expect(after.map(n => n.id).sort()).toEqual([burn.id, anomaly.id].sort());
  expect(after.every(n => n.read !== null)).toBe(true);
});
