// The first run: the walkthrough opens by itself once (for this user, in the first workspace
// with a folder and no model), unless the user turned walkthroughs off; Get Started opens it any
// time. Deciding needs only a stat of the checkpoint (ModelStore.probe), never a read.
import * as vscode from 'vscode';
import { CMD, WALKTHROUGH_ID } from './ids';
import { shouldOpenWalkthrough, type FirstRunFacts } from './walkthrough';

/** globalState key: the walkthrough has opened by itself once */
export const WALKTHROUGH_SHOWN_KEY = 'charRnn.walkthroughShown';

export function registerWelcome(context: vscode.ExtensionContext, probed: Promise<boolean>): void {
  const open = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
  context.subscriptions.push(vscode.commands.registerCommand(CMD.openWalkthrough, open));
  void probed.then(async (hasModel) => {
    const facts: FirstRunFacts = {
      shownBefore: context.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY, false), hasModel,
      hasFolder: (vscode.workspace.workspaceFolders?.length ?? 0) > 0,
      walkthroughsOpen: vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true),
      testing: context.extensionMode === vscode.ExtensionMode.Test,
    };
    if (!shouldOpenWalkthrough(facts)) return;
    await context.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
    await open();
  });
}
