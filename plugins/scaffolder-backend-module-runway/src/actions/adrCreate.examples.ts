import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Record a proposed decision in the service repository checked out at ./repo (the next free number)',
    example: yaml.stringify({
      steps: [
        {
          id: 'adr',
          action: 'runway:adr:create',
          name: 'Write the ADR',
          input: {
            path: 'repo',
            title: 'Move order events to SQS FIFO queues',
            status: 'proposed',
            deciders: 'team-checkout',
            context: 'Order events arrive out of order during retries.',
            options: ['SQS FIFO queues', 'Sequence numbers in the consumer'],
            decision:
              'Chosen option: "SQS FIFO queues", because ordering is per order.',
          },
        },
      ],
    }),
  },
];
