import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Deploy the service's own AWS resources (ECR, IAM role, SQS)",
    example: yaml.stringify({
      steps: [
        {
          id: 'infra',
          action: 'aws:cloudformation:deploy',
          name: 'AWS resources',
          input: {
            stackName: 'orders-api',
            region: 'eu-west-1',
            templateFile: 'infra/cloudformation.yaml',
            parameters: { ServiceName: 'orders-api' },
            tags: { service: 'orders-api', team: 'team-checkout' },
          },
        },
      ],
    }),
  },
];
