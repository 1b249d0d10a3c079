import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { awsCostApiRef, CostFilter } from '../../api';
import { DayRange } from '../../utils/selection';

/** Hands a blob to the browser as a file download. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The CSV export of a selection, and whether it is under way or failed. */
export type CsvDownload = {
  download(): Promise<void>;
  downloading: boolean;
  error?: Error;
};

/** Downloads the backend's CSV export for `range` and `filter`. */
export function useCsvDownload(
  range: DayRange,
  filter: CostFilter,
): CsvDownload {
  const api = useApi(awsCostApiRef);
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<Error | undefined>();

  const download = async () => {
    setDownloading(true);
    setError(undefined);
    try {
      const { blob, filename } = await api.exportCsv({ ...range, filter });
      saveBlob(blob, filename);
    } catch (e) {
      setError(e as Error);
    } finally {
      setDownloading(false);
    }
  };

  return { download, downloading, error };
}
