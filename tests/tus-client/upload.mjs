// Uploads one file to a tus endpoint with tus-js-client and reports what happens as JSON lines on stdout:
//   {"event":"url","url":...}                      the upload URL, once known
//   {"event":"patch","offset":N}                   each PATCH request, with the offset it starts at
//   {"event":"response","method":..,"status":..,"offset":..}
//   {"event":"progress","bytesSent":N,"bytesTotal":N}   (throttled to whole MiB)
//   {"event":"chunk","chunkSize":N,"bytesAccepted":N,"bytesTotal":N}
//   {"event":"success","url":...,"videoId":...,"elapsedMs":N}   then exit 0 (elapsedMs: from upload.start())
//   {"event":"error","message":...,"status":...}   then exit 1
// Usage: node upload.mjs --endpoint URL --file PATH [--chunk-size BYTES] [--retry-delays 0,500,1000]
//                        [--upload-url URL] [--filename NAME] [--filetype TYPE] [--defer-length]
//                        [--override-patch] [--data-during-creation] [--whole-chunks]
// --whole-chunks: read and send each chunk whole, as a browser sends a Blob slice (see whole-chunks.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import * as tus from 'tus-js-client';
import { WholeChunkFileReader, WholeChunkHttpStack } from './whole-chunks.mjs';

const { values: args } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    file: { type: 'string' },
    'chunk-size': { type: 'string' },
    'retry-delays': { type: 'string', default: '' },
    'upload-url': { type: 'string' },
    filename: { type: 'string' },
    filetype: { type: 'string', default: 'video/mp4' },
    'defer-length': { type: 'boolean', default: false },
    'override-patch': { type: 'boolean', default: false },
    'data-during-creation': { type: 'boolean', default: false },
    'whole-chunks': { type: 'boolean', default: false },
  },
});

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');
if (!args.file || (!args.endpoint && !args['upload-url'])) {
  emit({ event: 'error', message: 'usage: --endpoint URL --file PATH [--chunk-size BYTES]' });
  process.exit(2);
}

if (args['whole-chunks'] && args['defer-length']) {
  emit({ event: 'error', message: '--whole-chunks reads a file of known length; it cannot be combined with --defer-length' });
  process.exit(2);
}

const size = fs.statSync(args.file).size;
const MiB = 1024 * 1024;
let lastProgressMiB = -1;

// A deferred length needs a plain stream: tus-js-client's file source never reports its end early.
const source = args['defer-length'] ? fs.createReadStream(args.file).pipe(new PassThrough()) : fs.createReadStream(args.file);
const upload = new tus.Upload(source, {
  endpoint: args.endpoint,
  ...(args['whole-chunks'] ? { fileReader: new WholeChunkFileReader(), httpStack: new WholeChunkHttpStack() } : {}),
  uploadUrl: args['upload-url'] ?? null,
  chunkSize: args['chunk-size'] ? Number(args['chunk-size']) : Infinity,
  retryDelays: args['retry-delays'] ? args['retry-delays'].split(',').map(Number) : null,
  uploadSize: args['defer-length'] ? null : size,
  uploadLengthDeferred: args['defer-length'],
  overridePatchMethod: args['override-patch'],
  uploadDataDuringCreation: args['data-during-creation'],
  storeFingerprintForResuming: false,
  metadata: { filename: args.filename ?? path.basename(args.file), filetype: args.filetype },
  onUploadUrlAvailable() {
    emit({ event: 'url', url: upload.url });
  },
  onBeforeRequest(req) {
    const method = req.getHeader('X-HTTP-Method-Override') ?? req.getMethod();
    if (method === 'PATCH') {
      emit({ event: 'patch', offset: Number(req.getHeader('Upload-Offset')) });
    }
  },
  onAfterResponse(req, res) {
    emit({
      event: 'response',
      method: req.getHeader('X-HTTP-Method-Override') ?? req.getMethod(),
      status: res.getStatus(),
      offset: res.getHeader('Upload-Offset') ?? null,
    });
  },
  onProgress(bytesSent, bytesTotal) {
    const mib = Math.floor(bytesSent / MiB);
    if (mib !== lastProgressMiB) {
      lastProgressMiB = mib;
      emit({ event: 'progress', bytesSent, bytesTotal });
    }
  },
  onChunkComplete(chunkSize, bytesAccepted, bytesTotal) {
    emit({ event: 'chunk', chunkSize, bytesAccepted, bytesTotal });
  },
  onSuccess({ lastResponse }) {
    const elapsedMs = Math.round((performance.now() - started) * 10) / 10;
    emit({ event: 'success', url: upload.url, videoId: lastResponse?.getHeader('Sage-Video-Id') ?? null, elapsedMs });
    process.exit(0);
  },
  onError(error) {
    emit({
      event: 'error',
      message: String(error?.message ?? error),
      status: error?.originalResponse?.getStatus?.() ?? null,
      uploadError: error?.originalResponse?.getHeader?.('Sage-Upload-Error') ?? null,
    });
    process.exit(1);
  },
});

const started = performance.now();
upload.start();
