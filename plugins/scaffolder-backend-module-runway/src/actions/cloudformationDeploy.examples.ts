import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Deploy the service's own AWS resources (ECR, SQS) with the configured service role, no capabilities",
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
  {
    description:
      'Deploy resources that include a named IAM role (IRSA): the step acknowledges CAPABILITY_NAMED_IAM, which the backend accepts only with runwayTemplates.cloudformation.allowIamCapabilities: true',
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
            capabilities: ['CAPABILITY_NAMED_IAM'],
          },
        },
      ],
    }),
  },
];
