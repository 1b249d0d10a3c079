import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Add the section for a new alert to the runbook of the service checked out at ./repo',
    example: yaml.stringify({
      steps: [
        {
          id: 'section',
          action: 'runway:runbook:section',
          name: 'Add the runbook section',
          input: {
            path: 'repo',
            title: 'OrdersApiQueueBacklog',
            severity: 'ticket',
            meaning:
              'More than 1,000 order events wait in the queue for 10 minutes.',
            check:
              '1. `aws sqs get-queue-attributes --queue-url $QUEUE --attribute-names All`',
            fix: 'Scale the consumer: `kubectl -n production scale deploy/orders-worker --replicas=6`.',
          },
        },
      ],
    }),
  },
];
