import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../__testUtils__/entities';
import {
  SECTION_TEXT_LIMIT,
  anchorOf,
  findAlertSection,
  parseRunbookSections,
} from './runbookSections';

const SAMPLES = path.join(ROOT, 'catalog', 'samples');
const runbookOf = (service: string) =>
  fs.readFileSync(path.join(SAMPLES, service, 'docs', 'runbook.md'), 'utf8');

describe('runbook sections', () => {
  it("finds the checkout-api runbook's section for a real SLO burn alert, up to the next section", () => {
    const sections = parseRunbookSections(runbookOf('checkout-api'));
    const section = findAlertSection(
      sections,
      'CheckoutApiAvailabilityErrorBudgetFastBurn',
    );
    expect(section).toMatchObject({
      heading: 'CheckoutApiAvailabilityErrorBudgetFastBurn',
      anchor: 'checkoutapiavailabilityerrorbudgetfastburn',
      level: 2,
      truncated: false,
    });
    expect(section!.text).toMatch(
      /^\*\*Severity:\*\* page · \*\*SLO:\*\* `checkout-api-availability`/,
    );
    expect(section!.text).toContain('14.4 times the sustainable rate');
    expect(section!.text).not.toContain(
      'CheckoutApiAvailabilityErrorBudgetSlowBurn',
    );
    // the page's own links use the anchors computed here
    expect(sections.map(s => s.anchor)).toContain(
      'database-connection-pool-exhausted',
    );
  });

  it.each(
    fs
      .readdirSync(SAMPLES)
      .filter(s => fs.existsSync(path.join(SAMPLES, s, 'docs', 'runbook.md'))),
  )(
    "finds every alert of %s's alert table at the anchor the table links to",
    service => {
      const markdown = runbookOf(service);
      const rows = [
        ...markdown.matchAll(
          /^\| `(\w+)` \| \w+ \| \[\w+\]\(#([\w-]+)\) \|$/gm,
        ),
      ];
      expect(rows.length).toBeGreaterThan(0);
      const sections = parseRunbookSections(markdown);
      for (const [, alert, anchor] of rows) {
        expect(findAlertSection(sections, alert)?.anchor).toBe(anchor);
        // as Alertmanager might show it, and as a URL fragment would
        expect(findAlertSection(sections, alert.toLowerCase())?.anchor).toBe(
          anchor,
        );
      }
    },
  );

  it('answers nothing for an alert no heading names', () => {
    const sections = parseRunbookSections(runbookOf('checkout-api'));
    expect(
      findAlertSection(sections, 'CheckoutApiHighErrorRate'),
    ).toBeUndefined();
    expect(findAlertSection(sections, '  ')).toBeUndefined();
    // a word inside a heading does not name an alert
    expect(findAlertSection(sections, 'Connection')).toBeUndefined();
    expect(findAlertSection(sections, 'CheckoutApi')).toBeUndefined();
  });

  it('matches a heading that starts with the alert name, ignores headings in code and numbers repeated anchors', () => {
    const markdown = [
      '# svc runbook',
      '',
      '## `SvcDown` (page): no pod ready',
      'Restart it.',
      '',
      '```sh',
      '## SvcQueueBacklog',
      '```',
      '',
      '### Notes',
      'one',
      '',
      '## Notes',
      'two',
      '',
      '## Custom {#svc-custom}',
      'three',
    ].join('\n');
    const sections = parseRunbookSections(markdown);
    expect(sections.map(s => [s.heading, s.anchor])).toEqual([
      ['`SvcDown` (page): no pod ready', 'svcdown-page-no-pod-ready'],
      ['Notes', 'notes'],
      ['Notes', 'notes_1'],
      ['Custom', 'svc-custom'],
    ]);
    expect(sections[0].text).toContain('## SvcQueueBacklog');
    expect(sections[0].text).toContain('### Notes');
    expect(findAlertSection(sections, 'SvcDown')?.text).toMatch(/^Restart it/);
    expect(findAlertSection(sections, 'SvcQueueBacklog')).toBeUndefined();
  });

  it(`cuts a long section at a line boundary within ${SECTION_TEXT_LIMIT} characters`, () => {
    const line = 'x'.repeat(99);
    const markdown = `## Long\n${Array(100).fill(line).join('\n')}\n## Next\n`;
    const [long] = parseRunbookSections(markdown);
    expect(long.truncated).toBe(true);
    expect(long.text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    expect(long.text.endsWith(line)).toBe(true);
  });

  it("slugs headings as mkdocs' toc does", () => {
    expect(anchorOf('Cost anomaly: spend doubled, untagged NAT traffic')).toBe(
      'cost-anomaly-spend-doubled-untagged-nat-traffic',
    );
    expect(anchorOf('[Backend](x.md) not  ready - now')).toBe(
      'backend-not-ready-now',
    );
    expect(anchorOf('Café déjà vu')).toBe('cafe-deja-vu');
  });
});
