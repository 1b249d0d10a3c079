import { Readable } from 'node:stream';

/**
 * A file or response larger than the configured limit.
 *
 * @public
 */
export class SloFileTooLargeError extends Error {
  /** The limit that was reached, in bytes. */
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(
      `the file is larger than ${maxBytes} bytes (slo.files.maxBytes); reading stopped there`,
    );
    this.name = 'SloFileTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/**
 * Reads `stream` into memory, stopping (and destroying the stream) as soon
 * as more than `maxBytes` arrive: never more than `maxBytes` plus one chunk
 * is held.
 *
 * @public
 */
export async function readBounded(
  stream: Readable,
  maxBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buffer.length;
      if (size > maxBytes) {
        throw new SloFileTooLargeError(maxBytes);
      }
      chunks.push(buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, size);
}
