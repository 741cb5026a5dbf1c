/**
 * Streams text into one R2 object without holding the file: bytes collect in a buffer of at most one
 * part (5 MiB, R2's minimum for every part but the last; all those parts are the same size, as R2
 * requires), and each full part is uploaded as soon as it fills. The multipart upload starts with the
 * first full part; a file that never fills one is written with a single put. On failure the caller
 * calls `abort()`, which abandons the multipart upload so no parts linger.
 *
 * `stats.maxBufferedBytes` is the most this writer ever held at once: the part buffer's contents plus
 * the encoded chunk being copied into it. It is bounded by one part plus the largest chunk written
 * (a page of rows), whatever the size of the file.
 */

export const PART_SIZE = 5 * 1024 * 1024;
const INITIAL_CAPACITY = 64 * 1024;

export type WriterStats = { bytesWritten: number; parts: number; maxBufferedBytes: number; largestChunkBytes: number };

export type WrittenObject = { key: string; sizeBytes: number; stats: WriterStats };

const encoder = new TextEncoder();

export class R2StreamWriter {
  readonly stats: WriterStats = { bytesWritten: 0, parts: 0, maxBufferedBytes: 0, largestChunkBytes: 0 };
  private buffer = new Uint8Array(0);
  private fill = 0;
  private upload: R2MultipartUpload | null = null;
  private readonly uploaded: R2UploadedPart[] = [];
  private done = false;
  private readonly partSize: number;

  constructor(
    private readonly bucket: R2Bucket,
    readonly key: string,
    private readonly httpMetadata: R2HTTPMetadata,
    options: { partSize?: number } = {},
  ) {
    // Parts below 5 MiB are refused by R2 (except the last); tests may not go lower either.
    this.partSize = Math.max(PART_SIZE, options.partSize ?? PART_SIZE);
  }

  async write(text: string): Promise<void> {
    if (this.done) throw new Error('The writer is closed.');
    const bytes = encoder.encode(text);
    this.stats.largestChunkBytes = Math.max(this.stats.largestChunkBytes, bytes.length);
    this.stats.maxBufferedBytes = Math.max(this.stats.maxBufferedBytes, this.fill + bytes.length);
    let offset = 0;
    while (offset < bytes.length) {
      const n = Math.min(this.partSize - this.fill, bytes.length - offset);
      this.reserve(this.fill + n);
      this.buffer.set(bytes.subarray(offset, offset + n), this.fill);
      this.fill += n;
      offset += n;
      if (this.fill === this.partSize) await this.flushPart();
    }
    this.stats.bytesWritten += bytes.length;
  }

  /** Uploads what is left and completes the object (one put when it never reached a full part). */
  async close(): Promise<WrittenObject> {
    if (this.done) throw new Error('The writer is closed.');
    this.done = true;
    if (!this.upload) {
      await this.bucket.put(this.key, this.buffer.subarray(0, this.fill), { httpMetadata: this.httpMetadata });
      this.stats.parts = 1;
    } else {
      if (this.fill > 0) await this.flushPart();
      await this.upload.complete(this.uploaded);
    }
    this.buffer = new Uint8Array(0);
    this.fill = 0;
    return { key: this.key, sizeBytes: this.stats.bytesWritten, stats: { ...this.stats } };
  }

  /** Abandons the upload (best effort: a failure to abort must not hide the error that led here). */
  async abort(): Promise<void> {
    this.done = true;
    this.buffer = new Uint8Array(0);
    this.fill = 0;
    const upload = this.upload;
    this.upload = null;
    if (upload) await upload.abort().catch(() => undefined);
  }

  /** Grows the buffer (doubling, at most one part) so small files never allocate a whole part. */
  private reserve(size: number) {
    if (size <= this.buffer.length) return;
    const grown = new Uint8Array(Math.min(this.partSize, Math.max(INITIAL_CAPACITY, size, this.buffer.length * 2)));
    grown.set(this.buffer.subarray(0, this.fill));
    this.buffer = grown;
  }

  private async flushPart() {
    this.upload ??= await this.bucket.createMultipartUpload(this.key, { httpMetadata: this.httpMetadata });
    const part = await this.upload.uploadPart(this.uploaded.length + 1, this.buffer.subarray(0, this.fill));
    this.uploaded.push(part);
    this.stats.parts = this.uploaded.length;
    this.fill = 0;
  }
}
