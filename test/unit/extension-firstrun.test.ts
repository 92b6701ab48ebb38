// What a new user meets, in plain Node: when the walkthrough opens by itself, what the status
// menu offers in each state, snoozing suggestions, and the time a run has left.
import * as assert from 'node:assert/strict';
import { Snooze } from '../../src/extension/completion/snooze';
import { CMD } from '../../src/extension/ids';
import { menuEntries, type MenuEntry, type MenuFacts } from '../../src/extension/menuEntries';
import { shouldOpenWalkthrough } from '../../src/extension/walkthrough';
import { describeRemaining, formatDuration, remainingMs } from '../../src/shared/timeLeft';

describe('first run: the walkthrough', () => {
  const first = { shownBefore: false, hasModel: false, hasFolder: true, walkthroughsOpen: true, testing: false };
  it('opens once, in a folder without a model, unless walkthroughs are turned off', () => {
    assert.equal(shouldOpenWalkthrough(first), true);
    assert.equal(shouldOpenWalkthrough({ ...first, shownBefore: true }), false);
    assert.equal(shouldOpenWalkthrough({ ...first, hasModel: true }), false);
    assert.equal(shouldOpenWalkthrough({ ...first, hasFolder: false }), false);
    assert.equal(shouldOpenWalkthrough({ ...first, walkthroughsOpen: false }), false);
    assert.equal(shouldOpenWalkthrough({ ...first, testing: true }), false);
  });
});

describe('the status menu', () => {
  const base: MenuFacts = { enabled: true, languageId: 'python', languageOn: true, hasModel: true, training: false };
  const items = (f: MenuFacts) => menuEntries(f).filter((e): e is Extract<MenuEntry, { kind: 'item' }> => e.kind === 'item');
  const commands = (f: MenuFacts) => items(f).map((e) => e.command);

  it('holds on/off, per language, snooze, train, panel, output and settings', () => {
    assert.deepEqual(commands(base), [CMD.toggleCompletions, CMD.toggleCompletionsForLanguage, CMD.snoozeCompletions, CMD.train, CMD.resume,
      CMD.showPanel, CMD.showOutput, 'workbench.action.openSettings', CMD.openWalkthrough]);
    assert.deepEqual(menuEntries(base).filter((e) => e.kind === 'separator').map((e) => e.label), ['Inline suggestions', 'Model']);
  });

  it('follows the state: off, another language, snoozed, training, no model', () => {
    assert.match(items({ ...base, enabled: false })[0].label, /Turn inline completions on/);
    const lang = items({ ...base, languageOn: false })[1];
    assert.match(lang.label, /Turn on for python/);
    assert.deepEqual(lang.args, { languageId: 'python', silent: true });
    assert.ok(!commands({ ...base, languageId: undefined }).includes(CMD.toggleCompletionsForLanguage));
    const wake = items({ ...base, snoozedUntil: new Date(2026, 0, 1, 9, 30).getTime() }).find((e) => e.command === CMD.snoozeCompletions)!;
    assert.deepEqual([wake.label, wake.description, wake.args], ['$(bell) Resume suggestions now', 'snoozed until 09:30', { minutes: 0 }]);
    const training = commands({ ...base, training: true });
    assert.ok(training.includes(CMD.stop) && !training.includes(CMD.train) && !training.includes(CMD.resume));
    const none = items({ ...base, hasModel: false });
    assert.ok(!none.some((e) => e.command === CMD.resume));
    assert.match(none.find((e) => e.command === CMD.train)!.description!, /nothing leaves the machine/);
  });
});

describe('snoozing suggestions', () => {
  it('pauses them until a time, ends by itself, and can end early', async () => {
    let changes = 0;
    const s = new Snooze(() => changes++);
    assert.equal(s.active, false);
    const before = Date.now();
    s.start(0.001); // 60 ms
    assert.equal(s.active, true);
    assert.ok(s.snoozedUntil! >= before + 60 && s.snoozedUntil! <= Date.now() + 60);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(s.active, false);
    assert.equal(changes, 2, 'it said when it began and when it ended');
    s.start(10);
    s.end();
    assert.equal(s.active, false);
    assert.equal(changes, 4);
    s.end();
    assert.equal(changes, 4, 'ending when not snoozed changes nothing');
    assert.throws(() => s.start(0), /positive number of minutes/);
    s.dispose();
  });
});

describe('time left of a run', () => {
  // 64 x 32 = 2048 characters a step, 20,480 characters a second: 100 ms a step
  const at = { step: 600, elapsedMs: 60_000, charsSeen: 600 * 2048, charsPerSec: 20_480 };
  it('is the first limit reached: the time budget, or the step budget at the latest speed', () => {
    assert.equal(remainingMs({ steps: 0, minutes: 4 }, at), 180_000);
    assert.equal(remainingMs({ steps: 1000, minutes: 0 }, at), 40_000);
    assert.equal(remainingMs({ steps: 1000, minutes: 4 }, at), 40_000);
    assert.equal(remainingMs({ steps: 0, minutes: 0 }, at), undefined);
    assert.equal(remainingMs({ steps: 0, minutes: 0.5 }, at), 0, 'never negative');
    assert.equal(remainingMs({ steps: 1000, minutes: 0 }, { ...at, step: 0, charsPerSec: 0 }), undefined);
  });

  it('in words', () => {
    assert.equal(describeRemaining({ steps: 0, minutes: 4 }, at), 'about 3 min left');
    assert.equal(describeRemaining({ steps: 0, minutes: 130 }, at), 'about 2 h 9 min left');
    assert.equal(describeRemaining({ steps: 1000, minutes: 0 }, at), 'under a minute left');
    assert.equal(describeRemaining({ steps: 0, minutes: 0 }, at), 'no time or step limit');
    assert.equal(formatDuration(75_000), '1 min 15 s');
    assert.equal(formatDuration(3_723_000), '1 h 2 min');
  });
});
