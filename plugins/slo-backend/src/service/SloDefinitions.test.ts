import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import { CatalogSloDefinitions } from './SloDefinitions';
import {
  entity,
  LIMITS,
  OWN_CATALOG_FILE,
  SLO_FILE,
  urlReader,
} from './__testUtils__/definitions';

const REPO = path.resolve(__dirname, '../../../..');
/** An endless stream of zero bytes; `sent` counts what it produced. */
function zeros() {
  const state = { sent: 0 };
  const stream = new Readable({
    read() {
      state.sent += 65536;
      this.push(Buffer.alloc(65536));
    },
  });
  return { stream, state };
}

describe('CatalogSloDefinitions: local files and read limits', () => {
  let dir: string;
  let catalogFile: string;
  const origin = () => `file:${catalogFile}`;
  const trusted = (ref: string, extra: Record<string, string> = {}) =>
    entity({
      'backstage.io/managed-by-location': origin(),
      'backstage.io/managed-by-origin-location': origin(),
      'runway.io/slo-ref': ref,
      ...extra,
    });
  const definitions = (
    options: {
      maxBytes?: number;
      reader?: any;
      trustedOrigins?: string[];
    } = {},
  ) =>
    new CatalogSloDefinitions({
      reader: options.reader ?? urlReader().reader,
      files: {
        maxBytes: options.maxBytes ?? 256 * 1024,
        trustedOrigins: options.trustedOrigins ?? [origin()],
      },
      queries: LIMITS,
      cacheTtlMs: 0,
    });

  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slo-files-')));
    const root = path.join(dir, 'catalog');
    fs.mkdirSync(path.join(root, 'orders-api'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'outside'));
    catalogFile = path.join(root, 'services.yaml');
    fs.writeFileSync(catalogFile, '# the trusted location\n');
    fs.writeFileSync(path.join(root, 'orders-api', 'slo.yaml'), SLO_FILE);
    fs.writeFileSync(path.join(dir, 'outside', 'slo.yaml'), SLO_FILE);
    fs.symlinkSync('/etc/passwd', path.join(root, 'passwd'));
    fs.symlinkSync(path.join(dir, 'outside'), path.join(root, 'linked'));
    fs.symlinkSync(
      path.join(root, 'orders-api', 'slo.yaml'),
      path.join(root, 'inside-link.yaml'),
    );
    fs.writeFileSync(
      path.join(root, 'big.yaml'),
      `${SLO_FILE}#${'x'.repeat(4096)}\n`,
    );
    execFileSync('mkfifo', [path.join(root, 'fifo.yaml')]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a file inside the folder of a trusted location (and a link that stays inside)', async () => {
    const subject = definitions();
    for (const ref of ['./orders-api/slo.yaml', './inside-link.yaml']) {
      const result = await subject.read(trusted(ref));
      expect(result.issues).toEqual([]);
      expect(result.slos.map(s => s.name)).toEqual(['orders-api-availability']);
    }
  });

  it('/etc/passwd through a file: source location: ignored, the URL location is used instead', async () => {
    const { reader, asked } = urlReader();
    const result = await definitions({ reader }).read(
      entity({
        'backstage.io/managed-by-location':
          'url:https://git.example.com/orders-api/blob/main/catalog-info.yaml',
        'backstage.io/managed-by-origin-location':
          'url:https://git.example.com/orders-api/blob/main/catalog-info.yaml',
        'backstage.io/source-location': 'file:/etc/x',
        'runway.io/slo-ref': './passwd',
      }),
    );
    expect(asked).toEqual([
      'https://git.example.com/orders-api/blob/main/passwd',
    ]);
    expect(result.slos).toEqual([]);
    expect(result.issues).toEqual([
      {
        path: 'backstage.io/source-location',
        message:
          'the file: source location /etc/x is ignored: local SLO files are read only for entities from the locations listed in catalog.locations',
      },
      {
        path: 'runway.io/slo-ref',
        message:
          'could not read ./passwd: NotFoundError: https://git.example.com/orders-api/blob/main/passwd',
      },
    ]);
  });

  it('/etc/passwd from an entity whose own location is a file outside catalog.locations', async () => {
    const result = await definitions().read(
      entity({
        'backstage.io/managed-by-location': 'file:/etc/x',
        'backstage.io/managed-by-origin-location': 'file:/etc/x',
        'runway.io/slo-ref': './passwd',
      }),
    );
    expect(result).toEqual({
      sloRef: './passwd',
      slos: [],
      issues: [
        {
          path: 'runway.io/slo-ref',
          message:
            'local SLO files are read only for entities from the locations listed in catalog.locations; this entity comes from file:/etc/x',
        },
      ],
    });
  });

  it('/dev/zero through a file: source location, even on a trusted entity, is outside its folder', async () => {
    const result = await definitions().read(
      trusted('./zero', { 'backstage.io/source-location': 'file:/dev/x' }),
    );
    expect(result.issues).toEqual([
      {
        path: 'runway.io/slo-ref',
        message: `'./zero' points outside the folder of ${origin()}`,
      },
    ]);
    const escape = await definitions().read(trusted('../../../../dev/zero'));
    expect(escape.issues[0].message).toMatch(/points outside the folder/);
  });

  it('refuses a symbolic link leading out of the folder (a file or a folder)', async () => {
    const subject = definitions();
    const passwd = await subject.read(trusted('./passwd'));
    expect(passwd.slos).toEqual([]);
    expect(passwd.issues).toEqual([
      {
        path: 'runway.io/slo-ref',
        message: `could not read ./passwd: it leads outside the folder ${path.dirname(
          catalogFile,
        )} (through a symbolic link)`,
      },
    ]);
    const linked = await subject.read(trusted('./linked/slo.yaml'));
    expect(linked.slos).toEqual([]);
    expect(linked.issues[0].message).toMatch(/leads outside the folder/);
  });

  it('refuses a FIFO instead of waiting on it', async () => {
    const result = await definitions().read(trusted('./fifo.yaml'));
    expect(result.issues).toEqual([
      {
        path: 'runway.io/slo-ref',
        message: 'could not read ./fifo.yaml: it is not a regular file',
      },
    ]);
  });

  it('refuses a file over slo.files.maxBytes, naming the limit', async () => {
    const result = await definitions({ maxBytes: 1024 }).read(
      trusted('./big.yaml'),
    );
    expect(result.slos).toEqual([]);
    expect(result.issues).toEqual([
      {
        path: 'runway.io/slo-ref',
        message:
          'could not read ./big.yaml: the file is larger than 1024 bytes (slo.files.maxBytes); reading stopped there',
      },
    ]);
  });

  it('stops reading an endless URL response at the limit', async () => {
    const { stream, state } = zeros();
    const ref = 'https://git.example.com/acme/orders-api/blob/main/slo.yaml';
    const { reader } = urlReader({ [ref]: () => stream });
    const result = await definitions({ reader, maxBytes: 256 * 1024 }).read(
      entity({
        'backstage.io/managed-by-location': `url:${OWN_CATALOG_FILE}`,
        'runway.io/slo-ref': ref,
      }),
    );
    expect(result.issues[0].message).toBe(
      `could not read ${ref}: the file is larger than 262144 bytes (slo.files.maxBytes); reading stopped there`,
    );
    expect(stream.destroyed).toBe(true);
    expect(state.sent).toBeLessThanOrEqual(256 * 1024 + 65536 * 17);
  });
});

describe('CatalogSloDefinitions: the sample and development entities still read', () => {
  const samples = path.join(REPO, 'catalog/samples/services.yaml');
  const runway = path.join(REPO, 'catalog-info.yaml');
  // what the catalog writes for app-config.development.yaml's file locations
  const subject = new CatalogSloDefinitions({
    reader: mockServices.urlReader.mock(),
    files: {
      maxBytes: 256 * 1024,
      trustedOrigins: [`file:${samples}`, `file:${runway}`],
    },
    queries: LIMITS,
  });
  const from = (file: string, name: string, ref: string) =>
    entity(
      {
        'backstage.io/managed-by-location': `file:${file}`,
        'backstage.io/managed-by-origin-location': `file:${file}`,
        'runway.io/slo-ref': ref,
      },
      name,
    );

  it.each([
    'storefront-web',
    'checkout-api',
    'inventory-api',
    'payments-api',
    'billing-worker',
  ])('%s', async name => {
    const result = await subject.read(
      from(samples, name, `./${name}/slo.yaml`),
    );
    expect(result.issues).toEqual([]);
    expect(result.slos.map(s => s.name)).toEqual([
      `${name}-availability`,
      `${name}-latency`,
    ]);
  });

  it('runway (catalog-info.yaml at the repository root)', async () => {
    const result = await subject.read(from(runway, 'runway', './slo.yaml'));
    expect(result.issues).toEqual([]);
    expect(result.slos.map(s => s.name)).toEqual([
      'runway-availability',
      'runway-latency',
    ]);
  });
});
