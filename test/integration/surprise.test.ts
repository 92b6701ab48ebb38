// What the model knows about the code, in a real VS Code: Show Surprise colours a typo put into a
// file of the workspace, says in a hover what the model expected, moves its colours along with an
// edit, and removes them when switched off; Which Model Wrote This? ranks the workspace's model
// and the kept ones (a finished run's, imported ones) by bits per character.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { encodeCheckpoint } from '../../src/core/checkpoint';
import { runToEnd } from '../../src/core/mix/memory';
import { Trainer } from '../../src/core/train';
import { CMD } from '../../src/extension/ids';
import { SURPRISE_STATE_COMMAND } from '../../src/extension/surprise';
import type { SurpriseState } from '../../src/extension/surprise/showSurprise';
import type { RankRow } from '../../src/extension/surprise/protocol';
import { setSettings, SMALL_SETTINGS, waitFor } from './extension-helpers';

const decoder = new TextDecoder();

/** The fixture's sources, and a checkpoint (with its memory) of a small LSTM trained on `pick` of them. */
async function sources() {
  const uris = await vscode.workspace.findFiles('src/**/*.{js,ts}');
  return Promise.all(uris.map(async (u) => ({ path: u.fsPath, text: decoder.decode(await vscode.workspace.fs.readFile(u)) })));
}
function checkpointOf(files: { path: string; text: string }[], steps: number): Uint8Array {
  const tr = new Trainer(files, { model: { cell: 'lstm', layers: 1, hidden: 48 }, train: { steps, minutes: 0, batch: 8, seq: 32, lr: 1e-2, valFrac: 0, evalEvery: 1e9, seed: 3, memoryMb: 8 } });
  while (!tr.done()) tr.trainStep();
  const ck = tr.toCheckpoint();
  ck.mix = runToEnd(tr.buildMixture());
  tr.dispose();
  return encodeCheckpoint(ck);
}

const state = async () => vscode.commands.executeCommand<SurpriseState>(SURPRISE_STATE_COMMAND);
const flat = (ranges: [number, number][][]) => ranges.flat();

describe('what the model knows about the code', function () {
  this.timeout(300_000);
  let scratch: vscode.Uri, files: { path: string; text: string }[], queue: string;

  before(async () => {
    // no model, and so no kept copies, from the tests before
    await vscode.commands.executeCommand(CMD.deleteModel, { silent: true });
    scratch = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.scratch-surprise');
    await vscode.workspace.fs.createDirectory(scratch);
    files = await sources();
    queue = files.find((f) => f.path.endsWith('queue.js'))!.text;
    const model = vscode.Uri.joinPath(scratch, 'fixture.safetensors');
    await vscode.workspace.fs.writeFile(model, checkpointOf(files, 150));
    const r = await vscode.commands.executeCommand<{ imported: boolean; message: string }>(CMD.importModel, { uri: model, silent: true });
    assert.equal(r.imported, true, r.message);
  });

  after(async () => {
    if ((await state()).on) await vscode.commands.executeCommand(CMD.toggleSurprise, { silent: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(CMD.deleteModel, { silent: true });
    await vscode.workspace.fs.delete(scratch, { recursive: true });
  });

  it('Show Surprise colours a typo, hovers what was expected, follows an edit, and goes when toggled off', async () => {
    const at = queue.indexOf('this.items.push') + 'this.it'.length;
    const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: `${queue.slice(0, at)}me${queue.slice(at + 2)}` });
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(await vscode.commands.executeCommand(CMD.toggleSurprise, { silent: true }), true);
    const scored = () => state().then((s) => s.documents.find((d) => d.uri === doc.uri.toString() && d.scored === doc.version));
    const first = await waitFor('the document scored', scored, 60_000);
    const near = (ranges: [number, number][][], p: number) => flat(ranges).some(([a, b]) => a <= p + 2 && b > p - 2);
    assert.ok(near(first.ranges, at), `no colour near the typo at ${at}: ${JSON.stringify(first.ranges)}`);
    const shown = (await state()).decorated.find((d) => d.uri === doc.uri.toString());
    assert.ok(shown && shown.ranges > 0, 'the editor is decorated');

    // the hover over the typo says what the model expected there
    const peak = flat(first.ranges).find(([a, b]) => a <= at + 2 && b > at - 2)!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(peak[0]));
    const said = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(said, /Char-RNN: [\d.]+ bits of surprise\.\*\* The model gave .+; it expected .+ [\d.]+%/);

    // an edit above moves the colours along at once, and a new score keeps the typo coloured
    const line = '// moved down\n';
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), line)));
    const moved = await waitFor('the colours moved', () => state().then((s) => s.documents.find((d) => d.uri === doc.uri.toString() && d.version === doc.version)));
    assert.notEqual(moved.scored, doc.version, 'not scored again yet: these are the first colours, moved');
    assert.deepEqual(flat(moved.ranges), flat(first.ranges).map(([a, b]) => [a + line.length, b + line.length]));
    const again = await waitFor('the edited document scored', scored, 60_000);
    assert.ok(near(again.ranges, at + line.length));

    assert.equal(await vscode.commands.executeCommand(CMD.toggleSurprise, { silent: true }), false);
    const off = await state();
    assert.deepEqual([off.on, off.documents, off.decorated], [false, [], []]);
    const after = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(peak[0] + line.length));
    assert.ok(!after.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('bits of surprise'))), 'the hover went too');
  });

  it('Which Model Wrote This? ranks the workspace\'s model and the kept ones (runs, imports), fewest bits per character first', async () => {
    // a run of the workspace's own: its model is kept, named as the run history names the run
    await setSettings(SMALL_SETTINGS);
    try {
      const outcome = await vscode.commands.executeCommand<{ result: string }>(CMD.train, { silent: true, steps: 20 });
      assert.equal(outcome.result, 'finished');
    } finally { await setSettings(SMALL_SETTINGS, true); }
    // then a model of one other file only replaces it; the run's and the first import stay kept
    const other = vscode.Uri.joinPath(scratch, 'strings-only.safetensors');
    await vscode.workspace.fs.writeFile(other, checkpointOf(files.filter((f) => f.path.endsWith('strings.ts')), 60));
    const r = await vscode.commands.executeCommand<{ imported: boolean; message: string }>(CMD.importModel, { uri: other, silent: true });
    assert.equal(r.imported, true, r.message);
    const rows = await vscode.commands.executeCommand<RankRow[]>(CMD.whichModel, { text: queue, silent: true });
    const labels = rows.map((x) => x.label);
    assert.equal(rows.length, 3, JSON.stringify(rows));
    assert.ok(labels.includes('imported fixture.safetensors'), JSON.stringify(labels));
    assert.ok(labels.some((l) => /^run of \d{4}-\d\d-\d\d \d\d:\d\d, LSTM 1x32, 20 steps/.test(l)), JSON.stringify(labels));
    // the model that never read queue.js is the most surprised by it
    assert.match(labels[2], /^this workspace's model \(LSTM 1x48/);
    assert.ok(rows.every((x, i) => Number.isFinite(x.bitsPerChar) && (i === 0 || x.bitsPerChar! >= rows[i - 1].bitsPerChar!)), JSON.stringify(rows));

    // Delete Model takes the kept copies with it
    assert.equal(await vscode.commands.executeCommand(CMD.deleteModel, { silent: true }), true);
    assert.equal(await vscode.commands.executeCommand(CMD.whichModel, { text: queue, silent: true }), undefined);
  });
});
