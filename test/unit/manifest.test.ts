// package.json's commands, key bindings, walkthrough, settings and capabilities must be what the
// code derives from src/core/config.ts and src/extension/manifest.ts (scripts/sync-manifest.mjs
// writes them).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPLETION_PARAMS, CORPUS_PARAMS, MODEL_PARAMS, SURPRISE_PARAMS, TRAIN_PARAMS, type HyperParam } from '../../src/core/config';
import { CMD, EXTENSION_ID } from '../../src/extension/ids';
import { existsSync } from 'node:fs';
import { ACTIVATION_EVENTS, CAPABILITIES, COLORS, COMMANDS, GALLERY_BANNER, HIDDEN_COMMANDS, ICON, KEYBINDINGS, configurationContribution } from '../../src/extension/manifest';
import { WALKTHROUGH } from '../../src/extension/walkthrough';
import { HEAT_COLORS } from '../../src/extension/surprise/view';
import { settingKey } from '../../src/extension/settingsSchema';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const SYNC = 'run `node --import tsx scripts/sync-manifest.mjs`';

type Props = Record<string, { type: string; default: unknown; description: string; minimum?: number; maximum?: number; enum?: unknown[] }>;
const properties = (): Props => Object.assign({}, ...pkg.contributes.configuration.map((c: { properties: Props }) => c.properties));

describe('package.json manifest', () => {
  it('contributes exactly the settings derived from config.ts', () => {
    assert.deepEqual(pkg.contributes.configuration, configurationContribution(), `the settings differ from config.ts: ${SYNC}`);
  });

  it('has a setting with the default, bounds and description of every hyperparameter', () => {
    const props = properties();
    const groups = [['model', MODEL_PARAMS], ['train', TRAIN_PARAMS], ['corpus', CORPUS_PARAMS], ['completions', COMPLETION_PARAMS], ['surprise', SURPRISE_PARAMS]] as const;
    let n = 0;
    for (const [group, params] of groups) {
      for (const [field, p] of Object.entries(params) as [string, HyperParam<unknown>][]) {
        const key = settingKey(group, field as never);
        const s = props[key];
        assert.ok(s, `package.json has no setting ${key}`);
        assert.deepEqual(s.default, p.default, `${key} default`);
        assert.equal(s.description, p.description, `${key} description`);
        assert.equal(s.minimum, p.min, `${key} minimum`);
        assert.equal(s.maximum, p.max, `${key} maximum`);
        assert.deepEqual(s.enum, p.enum, `${key} enum`);
        if (p.integer) assert.equal(s.type, 'integer', `${key} type`);
        n++;
      }
    }
    assert.equal(Object.keys(props).length, n, 'package.json has settings that config.ts does not define');
  });

  it('names the settings the issue asks for', () => {
    const props = properties();
    for (const key of ['charRnn.model.cell', 'charRnn.model.layers', 'charRnn.model.hidden', 'charRnn.training.window', 'charRnn.training.batch',
      'charRnn.training.learningRate', 'charRnn.training.optimizer', 'charRnn.training.clip', 'charRnn.training.minutes', 'charRnn.training.include',
      'charRnn.training.exclude', 'charRnn.training.maxFileBytes', 'charRnn.training.maxCorpusBytes', 'charRnn.training.threads', 'charRnn.completions.enabled']) {
      assert.ok(props[key], `missing setting ${key}`);
    }
  });

  it('contributes every command under the Char-RNN category, with its enablement', () => {
    const byId = new Map(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
    for (const c of COMMANDS) assert.deepEqual(byId.get(c.command), c, `command ${c.command} differs: ${SYNC}`);
    for (const id of Object.values(CMD)) assert.ok(byId.has(id), `command ${id} is not contributed`);
  });

  it('contributes the heat scale\'s theme colours, with a default for every kind of theme', () => {
    const byId = new Map((pkg.contributes.colors ?? []).map((c: { id: string }) => [c.id, c]));
    for (const c of COLORS) assert.deepEqual(byId.get(c.id), c, `colour ${c.id} differs: ${SYNC}`);
    for (const id of HEAT_COLORS) {
      const c = COLORS.find((x) => x.id === id);
      assert.ok(c, `the heat colour ${id} is not contributed`);
      for (const kind of ['dark', 'light', 'highContrast', 'highContrastLight'] as const) assert.match(c.defaults[kind], /^#[0-9a-f]{8}$/, `${id} ${kind}`);
    }
  });

  it('keeps the hidden commands out of the Command Palette', () => {
    const palette = pkg.contributes.menus?.commandPalette ?? [];
    for (const id of HIDDEN_COMMANDS) {
      assert.ok(palette.some((m: { command: string; when: string }) => m.command === id && m.when === 'false'), `${id} shows in the palette`);
    }
  });

  it('activates lightly and declares its capabilities', () => {
    assert.deepEqual(pkg.activationEvents, ACTIVATION_EVENTS);
    assert.deepEqual(pkg.capabilities, CAPABILITIES);
    const props = properties();
    for (const key of CAPABILITIES.untrustedWorkspaces.restrictedConfigurations) assert.ok(props[key], `restricted setting ${key} does not exist`);
  });

  it('binds Alt+\\ to Trigger Inline Suggestion and Shift+Tab to Accept Next Line, only while a suggestion shows', () => {
    assert.deepEqual(pkg.contributes.keybindings.slice(0, KEYBINDINGS.length), KEYBINDINGS, `the key bindings differ: ${SYNC}`);
    const bound = (command: string) => pkg.contributes.keybindings.find((k: { command: string }) => k.command === command);
    assert.equal(bound('editor.action.inlineSuggest.trigger').key, 'alt+\\');
    assert.equal(bound('editor.action.inlineSuggest.acceptNextLine').key, 'shift+tab');
    // Shift+Tab outdents, picks the suggest widget's alternative, goes back in a snippet: all kept
    assert.match(bound('editor.action.inlineSuggest.acceptNextLine').when, /^inlineSuggestionVisible && .*!suggestWidgetVisible && !inSnippetMode/);
  });

  it('has a walkthrough whose steps name existing commands and packaged Markdown', () => {
    assert.deepEqual(pkg.contributes.walkthroughs, [WALKTHROUGH], `the walkthrough differs: ${SYNC}`);
    assert.deepEqual(WALKTHROUGH.steps.map((s) => s.id), ['train', 'panel', 'complete', 'temperature']);
    const ours = new Set<string>(Object.values(CMD));
    for (const step of WALKTHROUGH.steps) {
      assert.ok(existsSync(join(__dirname, '..', '..', step.media.markdown)), `${step.media.markdown} is missing`);
      for (const [, id] of step.description.matchAll(/\(command:(charRnn\.[\w.]+)/g)) assert.ok(ours.has(id), `${step.id} names ${id}, which is no command`);
    }
    assert.equal(EXTENSION_ID, `${pkg.publisher}.${pkg.name}`);
  });

  it('has an icon file and a banner', () => {
    assert.equal(pkg.icon, ICON);
    assert.ok(existsSync(join(__dirname, '..', '..', pkg.icon)), `${pkg.icon} is missing`);
    assert.deepEqual(pkg.galleryBanner, GALLERY_BANNER);
  });
});
