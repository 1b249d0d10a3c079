import fs from 'node:fs';
import path from 'node:path';
import { nextAdrNumber, parseMadr } from './madr';

const samples = path.resolve(__dirname, '../../../catalog/samples');

describe('parseMadr', () => {
  it('reads status, date and deciders from MADR 2 list items', () => {
    expect(
      parseMadr(
        '0002-idempotency-keys.md',
        '# ADR 0002: Idempotency keys on order creation\n\n- Status: proposed\n- Date: 2026-10-02\n- Deciders: team-checkout\n\n## Context\n',
      ),
    ).toEqual({
      file: '0002-idempotency-keys.md',
      number: '0002',
      title: 'Idempotency keys on order creation',
      status: 'proposed',
      date: '2026-10-02',
      deciders: 'team-checkout',
    });
  });

  it('reads MADR 3 front matter, including an unquoted YAML date', () => {
    const adr = parseMadr(
      '0010-use-sqs.md',
      '---\nstatus: Accepted\ndate: 2026-01-05\ndeciders: [a, b]\n---\n# Use SQS\n',
    );
    expect(adr).toMatchObject({
      number: '0010',
      title: 'Use SQS',
      status: 'accepted',
      date: '2026-01-05',
    });
  });

  it('accepts bold keys and status words with a trailing explanation', () => {
    expect(
      parseMadr(
        '0003-x.md',
        '# 3. Move to SQS\n\n* **Status:** superseded by [ADR-0004](0004-y.md)\n* **Date:** 2025-12-31\n',
      ),
    ).toMatchObject({
      title: 'Move to SQS',
      status: 'superseded',
      date: '2025-12-31',
    });
  });

  it('marks a missing status unknown and ignores files that are not ADRs', () => {
    expect(parseMadr('0004-x.md', '# Something')).toMatchObject({
      status: 'unknown',
      date: undefined,
    });
    expect(parseMadr('index.md', '# Decision log')).toBeUndefined();
    expect(parseMadr('template.md', '- Status: accepted')).toBeUndefined();
  });

  it("parses every sample service's ADRs with a known status and a date", () => {
    const all = fs
      .readdirSync(samples)
      .filter(s => fs.existsSync(path.join(samples, s, 'docs', 'adr')))
      .flatMap(s => {
        const dir = path.join(samples, s, 'docs', 'adr');
        return fs
          .readdirSync(dir)
          .map(f => parseMadr(f, fs.readFileSync(path.join(dir, f), 'utf8')))
          .filter(Boolean);
      });
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const adr of all) {
      expect([
        'proposed',
        'accepted',
        'superseded',
        'deprecated',
        'rejected',
      ]).toContain(adr!.status);
      expect(adr!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('nextAdrNumber', () => {
  it('is one more than the highest number, four digits', () => {
    expect(nextAdrNumber(['index.md', '0001-a.md', '0007-b.md'])).toBe('0008');
    expect(nextAdrNumber(['index.md'])).toBe('0001');
  });
});
