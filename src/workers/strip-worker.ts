/**
 * Worker thread for extraction: mesh statistics for a range of mesh rows or detection on a
 * strip of image rows (one image split over threads), the detection and deblending of a
 * batch's images (prepare.ts), or the whole extraction of files (batch mode with many
 * threads). Pure core functions do the work.
 */
import { parentPort } from 'node:worker_threads';
import { backgroundMeshRows, detectRows, measureObjects } from '../core/extract/index.js';
import { serveImages } from '../main/services/extract/prepare.js';
import type { WorkerReply, WorkerRequest } from '../main/services/extract/protocol.js';

if (!parentPort) throw new Error('strip-worker must run in a worker thread');
const port = parentPort;

port.on('message', (msg: WorkerRequest) => {
  try {
    if (msg.op === 'measure') {
      const sources = measureObjects(msg.objs, msg.fluxIso, 0, msg.objs.length, msg.sub, msg.width, msg.height, msg.model, msg.options, msg.seg, undefined, msg.idOffset);
      const reply: WorkerReply = { op: 'measure', id: msg.id, sources };
      port.postMessage(reply);
    } else if (msg.op === 'files') {
      // loaded only here: the file-reading code (FITS, WCS) the other operations do not need
      void import('../main/services/extract/batch.js')
        .then(({ extractFiles }) => extractFiles(msg.paths, msg.counter, msg.hdu, msg.options, msg.format, msg.outDir))
        .then(
          (done) => {
            const reply: WorkerReply = { op: 'files', id: msg.id, done };
            port.postMessage(reply);
          },
          (e: unknown) => {
            const err = e as Error & { code?: string };
            const reply: WorkerReply = { op: 'error', id: msg.id, message: err.message, code: err.code };
            port.postMessage(reply);
          },
        );
    } else if (msg.op === 'prepare') {
      void serveImages(msg.port, msg.ctl).then((done) => {
        const reply: WorkerReply = { op: 'prepare', id: msg.id, done };
        port.postMessage(reply);
      });
    } else if (msg.op === 'mesh') {
      const rows = backgroundMeshRows(msg.image, msg.width, msg.height, msg.j0, msg.j1, msg.options);
      const reply: WorkerReply = { op: 'mesh', id: msg.id, rows };
      port.postMessage(reply);
    } else {
      const strip = detectRows(msg.image, msg.width, msg.height, msg.y0, msg.y1, msg.model, msg.options, msg.sub, new Map(msg.halo));
      const reply: WorkerReply = { op: 'detect', id: msg.id, strip };
      const p = strip.pixels;
      port.postMessage(reply, [p.idx.buffer, p.value.buffer, p.cd.buffer, strip.order.buffer, strip.compStart.buffer, strip.compOpen.buffer] as ArrayBuffer[]);
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    const reply: WorkerReply = { op: 'error', id: msg.id, message: err.message, code: err.code };
    port.postMessage(reply);
  }
});
