import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check a new service name, its owner and system, and the free text of the form',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'runway:template:validate',
          name: 'Check the input',
          input: {
            name: 'orders-api',
            owner: 'group:default/team-checkout',
            system: 'system:default/storefront',
            strings: {
              name: 'orders-api',
              description: 'Takes orders: validates them and stores them.',
            },
          },
        },
      ],
    }),
  },
];
