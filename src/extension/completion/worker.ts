// The completion worker (bundled to dist/completion-worker.js): answers inline completions off
// the extension host's thread, so that priming a document, generating candidates and rebuilding
// the repository's memory never hold up the editor. The engine works in slices of a few
// milliseconds, between which a cancellation or a newer request gets through.
import { parentPort } from 'node:worker_threads';
import { TRAIN_PARAMS } from '../../core/config';
import { niceThisThread, NICE } from '../threadPriority';
import { CompletionEngine } from './engine';
import type { CompletionToHost, HostToCompletion } from './protocol';

const port = parentPort;
if (!port) throw new Error('completion-worker.js runs as a worker thread of the extension, not on its own');

// completions come before training, and the editor before both, when the cores are busy
niceThisThread(NICE.completion);

const post = (msg: CompletionToHost) => port.postMessage(msg);
/** the memory bound (MB) of a mixture made empty, as the host's settings say */
let memoryMb = TRAIN_PARAMS.memoryMb.default;
const engine = new CompletionEngine(() => memoryMb, (line) => post({ type: 'log', line }));
/** requests not answered yet, and whether the host cancelled each: they end at their next check */
const open = new Map<number, boolean>();
/** the text of the memory sent last: a newer checkpoint of the same run comes without it */
let text: Uint8Array | undefined;

port.on('message', (msg: HostToCompletion) => {
  switch (msg.type) {
    case 'model': {
      memoryMb = msg.memoryMb;
      if (msg.mix?.text) text = msg.mix.text;
      const mix = msg.mix && text && { spec: msg.mix.spec, state: msg.mix.state, text };
      if (msg.mix && !mix) post({ type: 'failed', message: 'a memory of the repository came without its text; suggestions use what the editor reads' });
      engine.use(msg.weights, mix);
      break;
    }
    case 'complete': {
      const { id } = msg, isCancelled = () => open.get(id) === true;
      open.set(id, false);
      engine.complete(msg.req, isCancelled).then(
        (suggestions) => post({ type: 'completed', id, suggestions: isCancelled() ? undefined : suggestions }),
        (err: Error) => post({ type: 'failed', id, message: err.message }),
      ).finally(() => open.delete(id));
      break;
    }
    case 'cancel': if (open.has(msg.id)) open.set(msg.id, true); break;
    case 'warm': engine.warm(msg.doc, msg.path, msg.before, msg.primeChars); break;
    case 'forget': engine.forget(msg.doc); break;
    case 'status': {
      const { id } = msg, answer = () => post({ type: 'status', id, status: engine.status() });
      if (msg.idle) void engine.runner.idle().then(answer);
      else answer();
      break;
    }
  }
});
