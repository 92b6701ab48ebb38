// The walkthrough on VS Code's Welcome page (contributes.walkthroughs): train on this workspace,
// watch the panel, try a completion, tune the temperature. Each step's longer text is a Markdown
// file under media/walkthrough/, packaged with the extension. And when it opens by itself. Pure:
// no `vscode` import; the manifest takes it from here (./manifest.ts), ./welcome.ts opens it.
import { COMPLETION_PARAMS, MODEL_PARAMS, TRAIN_PARAMS } from '../core/config';
import { CMD, WALKTHROUGH_ID } from './ids';
import { settingKey } from './settingsSchema';

export interface WalkthroughStep {
  id: string;
  title: string;
  /** Markdown; a line holding only a link shows as a button */
  description: string;
  media: { markdown: string };
  completionEvents: string[];
}

export interface WalkthroughContribution {
  id: string;
  title: string;
  description: string;
  steps: WalkthroughStep[];
}

const settingLink = (key: string) => `command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify([key]))}`;
const temperatureKey = settingKey('completions', 'temperature');
const model = `an ${MODEL_PARAMS.cell.default.toUpperCase()} of ${MODEL_PARAMS.layers.default} layers of ${MODEL_PARAMS.hidden.default} units`;

export const WALKTHROUGH: WalkthroughContribution = {
  id: WALKTHROUGH_ID,
  title: 'Get started with Char-RNN Code',
  description: 'Train a small recurrent network on your own code, watch it learn, and let it suggest as you type.',
  steps: [
    {
      id: 'train',
      title: 'Train a model on this workspace',
      description: 'Char-RNN learns from the source files of the open folder: on your CPU, in the background, and nothing leaves the machine. ' +
        `The default model, ${model}, trains for up to ${TRAIN_PARAMS.minutes.default} minutes; the status bar shows how it goes.\n[Train Model](command:${CMD.train})`,
      media: { markdown: 'media/walkthrough/train.md' },
      completionEvents: [`onCommand:${CMD.train}`],
    },
    {
      id: 'panel',
      title: 'Watch it learn',
      description: 'The training panel draws the loss falling as the model learns, its gradients, and text sampled from it at several temperatures. ' +
        `It fits beside your editor.\n[Show Training Panel](command:${CMD.showPanel})`,
      media: { markdown: 'media/walkthrough/panel.md' },
      completionEvents: [`onCommand:${CMD.showPanel}`],
    },
    {
      id: 'complete',
      title: 'Try a completion',
      description: 'Open a source file and type: suggestions appear as grey text at the cursor. **Tab** accepts one, **Shift+Tab** its first line, ' +
        '**Alt+\\\\** asks for one now, **Esc** dismisses it. The status bar\'s **RNN** item says whether the model is ready to suggest.\n' +
        '[Open a File](command:workbench.action.quickOpen)',
      media: { markdown: 'media/walkthrough/complete.md' },
      completionEvents: ['onCommand:editor.action.inlineSuggest.commit', 'onCommand:editor.action.inlineSuggest.acceptNextLine'],
    },
    {
      id: 'temperature',
      title: 'Tune the temperature',
      description: 'Suggestions are sampled from the model. At temperature 0 it always takes the likeliest character; ' +
        `the default, ${COMPLETION_PARAMS.temperature.default}, draws candidates that differ a little, and the one the model ` +
        `is surest of is shown; higher values vary more and are wrong more often.\n[Open the Setting](${settingLink(temperatureKey)})`,
      media: { markdown: 'media/walkthrough/temperature.md' },
      completionEvents: [`onSettingChanged:${temperatureKey}`],
    },
  ],
};

export interface FirstRunFacts {
  shownBefore: boolean;
  hasModel: boolean;
  hasFolder: boolean;
  /** workbench.welcomePage.walkthroughs.openOnInstall: whether walkthroughs may open by themselves */
  walkthroughsOpen: boolean;
  /** an integration test run: nothing may take the editor's focus */
  testing: boolean;
}

export function shouldOpenWalkthrough(f: FirstRunFacts): boolean {
  return !f.shownBefore && !f.hasModel && f.hasFolder && f.walkthroughsOpen && !f.testing;
}
