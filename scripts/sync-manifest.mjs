// Writes the manifest parts that derive from code into package.json: the commands, the
// Command Palette menu, the key bindings, the settings (from src/core/config.ts), the theme
// colours, the capabilities, the icon and the activation events (src/extension/manifest.ts), and
// the walkthrough (src/extension/walkthrough.ts). Entries other modules added (their own commands,
// menu items or key bindings) are kept. test/unit/manifest.test.ts fails when this needs running.
//
//   node --import tsx scripts/sync-manifest.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTIVATION_EVENTS, CAPABILITIES, COLORS, COMMANDS, GALLERY_BANNER, ICON, KEYBINDINGS, commandPaletteMenu, configurationContribution } from '../src/extension/manifest.ts';
import { WALKTHROUGH } from '../src/extension/walkthrough.ts';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
const before = readFileSync(file, 'utf8');
const pkg = JSON.parse(before);

/** `ours` replaces the entries of `theirs` with the same key; the others stay, after ours. */
const merge = (theirs = [], ours, key) => [...ours, ...theirs.filter((t) => !ours.some((o) => o[key] === t[key]))];

pkg.icon = ICON;
pkg.galleryBanner = GALLERY_BANNER;
pkg.activationEvents = ACTIVATION_EVENTS;
pkg.contributes ??= {};
pkg.contributes.commands = merge(pkg.contributes.commands, COMMANDS, 'command');
pkg.contributes.menus ??= {};
pkg.contributes.menus.commandPalette = merge(pkg.contributes.menus.commandPalette, commandPaletteMenu(), 'command');
pkg.contributes.keybindings = merge(pkg.contributes.keybindings, KEYBINDINGS, 'command');
pkg.contributes.walkthroughs = [WALKTHROUGH];
pkg.contributes.configuration = configurationContribution();
pkg.contributes.colors = merge(pkg.contributes.colors, COLORS, 'id');
pkg.capabilities = CAPABILITIES;

const after = `${JSON.stringify(pkg, null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (after !== before) {
    console.error('package.json is out of date: run node --import tsx scripts/sync-manifest.mjs');
    process.exit(1);
  }
} else if (after !== before) {
  writeFileSync(file, after);
  console.log('package.json updated');
} else {
  console.log('package.json is up to date');
}
