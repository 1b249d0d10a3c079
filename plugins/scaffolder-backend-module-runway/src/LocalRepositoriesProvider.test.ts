import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalRepositoriesProvider } from './LocalRepositoriesProvider';

describe('LocalRepositoriesProvider', () => {
  it('adds the catalog file of every checkout as a file location, and nothing else', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-repos-'));
    fs.mkdirSync(path.join(dir, 'orders-api'));
    fs.writeFileSync(path.join(dir, 'orders-api', 'catalog-info.yaml'), 'x');
    fs.mkdirSync(path.join(dir, 'orders-api.git'));
    fs.mkdirSync(path.join(dir, 'empty'));
    const applyMutation = jest.fn();
    const provider = new LocalRepositoriesProvider(dir);
    await provider.connect({ applyMutation, refresh: jest.fn() });
    expect(applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [
        {
          locationKey: 'runway-local-repositories',
          entity: expect.objectContaining({
            kind: 'Location',
            spec: {
              type: 'file',
              target: path.join(dir, 'orders-api', 'catalog-info.yaml'),
              presence: 'required',
            },
          }),
        },
      ],
    });
  });
});
