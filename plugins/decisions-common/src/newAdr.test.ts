import {
  addToDecisionLog,
  adrFileName,
  adrFilesByNumber,
  adrSlug,
  renderAdr,
} from './newAdr';
import { ADR_FILE_PATTERN, nextAdrNumber, parseMadr } from './madr';

const adr = {
  number: '0003',
  title: ' Move order events to SQS FIFO queues ',
  status: 'proposed',
  date: '2026-11-27',
  deciders: 'team-checkout',
  context: 'Order events arrive out of order.\n',
  options: ['SQS FIFO queues', 'Kafka'],
  decision: 'SQS FIFO queues, because ordering per order id is enough.',
  consequences: 'One more queue to watch.',
};

describe('renderAdr', () => {
  it('writes MADR with status, date and deciders under the title', () => {
    expect(renderAdr(adr)).toBe(
      [
        '# ADR 0003: Move order events to SQS FIFO queues',
        '',
        '- Status: proposed',
        '- Date: 2026-11-27',
        '- Deciders: team-checkout',
        '',
        '## Context and Problem Statement',
        '',
        'Order events arrive out of order.',
        '',
        '## Considered Options',
        '',
        '- SQS FIFO queues',
        '- Kafka',
        '',
        '## Decision Outcome',
        '',
        'SQS FIFO queues, because ordering per order id is enough.',
        '',
        '### Consequences',
        '',
        'One more queue to watch.',
        '',
      ].join('\n'),
    );
  });

  it('leaves out empty optional sections', () => {
    const text = renderAdr({
      ...adr,
      deciders: undefined,
      options: [],
      consequences: '  ',
    });
    expect(text).not.toMatch(/Deciders|Considered Options|Consequences/);
  });

  it('is read back by parseMadr under the file name adrFileName gives', () => {
    const file = adrFileName(adr.number, adr.title);
    expect(file).toBe('0003-move-order-events-to-sqs-fifo-queues.md');
    expect(ADR_FILE_PATTERN.test(file)).toBe(true);
    expect(parseMadr(file, renderAdr(adr))).toEqual({
      file,
      number: '0003',
      title: 'Move order events to SQS FIFO queues',
      status: 'proposed',
      date: '2026-11-27',
      deciders: 'team-checkout',
    });
  });
});

describe('adrSlug', () => {
  it('keeps a-z0-9, joins the rest with single dashes, at most 60 characters', () => {
    expect(adrSlug('Use SQS for order events')).toBe(
      'use-sqs-for-order-events',
    );
    expect(adrSlug('  Café: PostgreSQL 16 -- or not?  ')).toBe(
      'cafe-postgresql-16-or-not',
    );
    const long = adrSlug(`${'a'.repeat(59)} bcd`);
    expect(long).toBe('a'.repeat(59));
    expect(adrSlug('x'.repeat(80))).toHaveLength(60);
  });
});

describe('adrFilesByNumber', () => {
  it('maps the ADR files of a folder by number and skips other files', () => {
    const files = ['index.md', '0001-a.md', '0007-b.md', 'template.md'];
    expect([...adrFilesByNumber(files)]).toEqual([
      ['0001', '0001-a.md'],
      ['0007', '0007-b.md'],
    ]);
    expect(nextAdrNumber(files)).toBe('0008');
  });
});

describe('addToDecisionLog', () => {
  const row = {
    number: '0002',
    file: '0002-use-sqs.md',
    title: 'Use SQS',
    status: 'accepted',
    date: '2026-01-03',
  };

  it('appends a row to the table', () => {
    const log =
      '# Decision log\n\n| ADR | title | status | date |\n|---|---|---|---|\n| [0001](0001-a.md) | A | accepted | 2026-01-02 |\n\n';
    expect(addToDecisionLog(log, row)).toBe(
      '# Decision log\n\n| ADR | title | status | date |\n|---|---|---|---|\n| [0001](0001-a.md) | A | accepted | 2026-01-02 |\n| [0002](0002-use-sqs.md) | Use SQS | accepted | 2026-01-03 |\n',
    );
  });

  it('leaves a log without a table as it is', () => {
    expect(addToDecisionLog('# Decision log\n\nSee the files.\n', row)).toBe(
      '# Decision log\n\nSee the files.\n',
    );
  });
});
