import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import {
  INSTALLED_PLUGIN_IDS,
  pluginLabel,
  prometheusExporter,
  recordRequestMetrics,
} from './metrics';

/** Sends one request through the middleware and finishes it. */
function request(method: string, requestPath: string, statusCode: number) {
  const res = Object.assign(new EventEmitter(), { statusCode });
  let nextCalled = false;
  recordRequestMetrics({ method, path: requestPath }, res, () => {
    nextCalled = true;
  });
  res.emit('finish');
  return nextCalled;
}

/** The label sets of runway_http_server_requests recorded so far. */
async function requestSeries(): Promise<Record<string, unknown>[]> {
  const { resourceMetrics } = await prometheusExporter.collect();
  return resourceMetrics.scopeMetrics
    .flatMap(scope => scope.metrics)
    .filter(metric => metric.descriptor.name === 'runway_http_server_requests')
    .flatMap(metric => metric.dataPoints.map(point => point.attributes));
}

/** The backend plugin ids of the packages index.ts adds. */
function pluginIdsOfIndex(): string[] {
  const index = fs.readFileSync(path.join(__dirname, 'index.ts'), 'utf8');
  const packages = [...index.matchAll(/import\('([^.'][^']*)'\)/g)].map(
    m => m[1],
  );
  const ids = packages.map(name => {
    const manifest = require(`${name}/package.json`);
    return manifest.backstage?.pluginId as string;
  });
  return [...new Set(ids)].sort();
}

describe('request metrics', () => {
  it('lists exactly the plugins index.ts installs', () => {
    expect(pluginIdsOfIndex()).toEqual([...INSTALLED_PLUGIN_IDS].sort());
  });

  it('labels installed plugins by id and anything else as other', () => {
    expect(pluginLabel('/api/catalog/entities')).toBe('catalog');
    expect(pluginLabel('/api/aws-cost/export.csv')).toBe('aws-cost');
    expect(pluginLabel('/api/no-such-plugin/x')).toBe('other');
    expect(pluginLabel('/api/%2e%2e')).toBe('other');
    expect(pluginLabel('/metrics')).toBeUndefined();
    expect(pluginLabel('/catalog')).toBeUndefined();
  });

  it('keeps the label set bounded however many random paths are requested', async () => {
    for (let i = 0; i < 2000; i++) {
      const random = Math.random().toString(36).slice(2);
      expect(request(i % 2 ? 'GET' : 'PROPFIND', `/api/${random}/x`, 404)).toBe(
        true,
      );
      expect(request('POST', `/api/catalog/${random}`, 401)).toBe(true);
    }
    expect(request('GET', '/api/slo/health', 200)).toBe(true);

    const series = await requestSeries();
    expect(new Set(series.map(s => s.plugin))).toEqual(
      new Set(['other', 'catalog', 'slo']),
    );
    expect(series).toHaveLength(4);
    expect(series).toEqual(
      expect.arrayContaining([
        {
          plugin: 'other',
          http_request_method: 'GET',
          http_response_status_code: '404',
        },
        {
          plugin: 'other',
          http_request_method: 'other',
          http_response_status_code: '404',
        },
        {
          plugin: 'catalog',
          http_request_method: 'POST',
          http_response_status_code: '401',
        },
      ]),
    );
  });
});
