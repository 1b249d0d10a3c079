/**
 * The SLO files of the hostile repository (slo/*.yaml): PromQL that reads
 * outside the entity's own series, over-long and over-many queries, YAML
 * language tags, an alias bomb and a file over slo.files.maxBytes.
 */
import { stringify } from 'yaml';

/** An OpenSLO ratio SLO with these queries (bad, total). */
export function openSlo(options: {
  name: string;
  service: string;
  bad: string;
  total: string;
}): object {
  const source = (query: string) => ({
    metricSource: { type: 'Prometheus', spec: { query } },
  });
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: options.name },
    spec: {
      service: options.service,
      indicator: {
        metadata: { name: `${options.name}-sli` },
        spec: {
          ratioMetric: {
            counter: true,
            bad: source(options.bad),
            total: source(options.total),
          },
        },
      },
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: 'objective', target: 0.999 }],
    },
  };
}

/** An SLO file of `service` whose bad query is `bad`. */
const sloFile = (service: string, bad: string, total?: string) =>
  stringify(
    openSlo({
      name: `${service}-availability`,
      service,
      bad,
      total: total ?? `http_requests_total{service="${service}"}`,
    }),
  );

/** YAML whose aliases expand to 9^9 nodes (a "billion laughs"). */
function yamlBomb(): string {
  const lines = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  const letters = 'abcdefghi';
  for (let i = 1; i < letters.length; i++) {
    const prev = letters[i - 1];
    lines.push(
      `${letters[i]}: &${letters[i]} [${Array(9).fill(`*${prev}`).join(',')}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The files under slo/, by path in the repository. */
export function hostileSloFiles(): Record<string, string> {
  const many = Array.from({ length: 40 }, (_, i) =>
    openSlo({
      name: `abuse-slo-many-${i}`,
      service: 'abuse-slo-many',
      bad: `http_requests_total{service="abuse-slo-many",code=~"5.."}`,
      total: `http_requests_total{service="abuse-slo-many"}`,
    }),
  );
  return {
    'slo/nolabel.yaml': sloFile(
      'abuse-slo-nolabel',
      'runway_http_server_requests_total{http_response_status_code=~"5.."}',
      'runway_http_server_requests_total',
    ),
    'slo/other-service.yaml': sloFile(
      'checkout-api',
      'http_requests_total{service="checkout-api",code=~"5.."}',
    ),
    'slo/or.yaml': sloFile(
      'abuse-slo-or',
      'http_requests_total{service="abuse-slo-or"} or http_requests_total',
    ),
    'slo/regex.yaml': sloFile(
      'abuse-slo-regex',
      'http_requests_total{service=~".+"}',
    ),
    'slo/subquery.yaml': sloFile(
      'abuse-slo-subquery',
      'max_over_time(http_requests_total{service="abuse-slo-subquery"}[30d:1s])',
    ),
    'slo/at.yaml': sloFile(
      'abuse-slo-at',
      'http_requests_total{service="abuse-slo-at"} @ 0',
    ),
    'slo/offset.yaml': sloFile(
      'abuse-slo-offset',
      'http_requests_total{service="abuse-slo-offset"} offset 3650d',
    ),
    'slo/long.yaml': sloFile(
      'abuse-slo-long',
      `http_requests_total{service="abuse-slo-long",path=~"${'(a|aa)+'.repeat(
        400,
      )}"}`,
    ),
    'slo/sloth.yaml': stringify({
      version: 'prometheus/v1',
      service: 'abuse-slo-sloth',
      slos: [
        {
          name: 'abuse-slo-sloth-requests',
          objective: 99.9,
          sli: {
            events: {
              error_query:
                'sum(rate(runway_http_server_requests_total[{{.window}}]))',
              total_query: 'sum(rate(up[{{.window}}])) or vector(1)',
            },
          },
          alerting: {
            page_alert: { disable: true },
            ticket_alert: { disable: true },
          },
        },
      ],
    }),
    'slo/many.yaml': many.map(o => stringify(o)).join('---\n'),
    'slo/bomb.yaml': yamlBomb(),
    'slo/tags.yaml': [
      'apiVersion: !!js/function "function () { return process.exit(1) }"',
      'kind: !!python/object/apply:os.system ["id"]',
      'metadata: { name: !<tag:yaml.org,2002:js/undefined> x }',
      '',
    ].join('\n'),
    'slo/big.yaml': `${'# padding\n'.repeat(30_000)}${sloFile(
      'abuse-slo-big',
      'http_requests_total{service="abuse-slo-big",code=~"5.."}',
    )}`,
    'slo/name-alike.yaml': sloFile(
      'checkout-api',
      'http_requests_total{service="checkout-api",code=~"5.."}',
    ),
  };
}
