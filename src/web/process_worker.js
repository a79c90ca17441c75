// A Python "process" in the page: a dedicated Web Worker that instantiates the playground's
// WebAssembly module again, WITHOUT the page's memory. The new instance gets a memory of its own,
// so it shares nothing with the page or with other processes; everything it receives or sends
// crosses as bytes through postMessage. Shared memory (multiprocessing.Value/Array) is handed over
// explicitly, as SharedArrayBuffers, and only where the page is cross-origin isolated.
//
// The worker's code is a string turned into a blob URL, so the worker starts synchronously and
// messages posted to it at once are queued by the browser until it listens.

const WORKER_CODE = `
const early = [];
const buffer = (e) => early.push(e.data);
self.addEventListener('message', buffer);
self.addEventListener('message', async function onInit(e) {
  const data = e.data;
  if (!data || data.type !== 'cp_process_init') return;
  self.removeEventListener('message', onInit);
  try {
    const pkg = await import(data.mainJS);
    // No memory passed: the instance allocates a fresh one, its own address space.
    await pkg.default({ module_or_path: data.module });
    self.removeEventListener('message', buffer);
    // Messages that arrived while the instance started are handed over in order.
    pkg.cp_process_main(data.boot, data.segments, early.filter((m) => m instanceof Uint8Array));
  } catch (err) {
    self.postMessage({ type: 'cp_process_failed', message: String(err && err.message || err) });
  }
});
`;

let workerUrl = null;

export function startProcess(module, mainJS, boot, segments, onMessage) {
  if (workerUrl === null) {
    workerUrl = URL.createObjectURL(new Blob([WORKER_CODE], { type: 'text/javascript' }));
  }
  const worker = new Worker(workerUrl, { type: 'module', name: 'process' });
  worker.addEventListener('message', (e) => {
    const data = e.data;
    if (data instanceof Uint8Array) {
      onMessage(data, null);
    } else if (data && data.type === 'cp_process_failed') {
      onMessage(null, data.message);
    }
  });
  worker.addEventListener('error', (e) => {
    onMessage(null, e.message || 'the process worker failed to load');
    e.preventDefault();
  });
  worker.postMessage({ type: 'cp_process_init', module, mainJS, boot, segments });
  return worker;
}
