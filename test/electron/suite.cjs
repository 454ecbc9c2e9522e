// Runs inside desktop VS Code's extension host (test:electron): the extension activates on a
// Python file and its commands are registered.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

exports.run = async function run() {
  const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const doc = await vscode.workspace.openTextDocument(path.join(folder, 'lora_finetune.py'));
  await vscode.window.showTextDocument(doc);
  const ext = vscode.extensions.getExtension('genai-lens.genai-lens');
  assert.ok(ext, 'extension present');
  await ext.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['genaiLens.startQuiz', 'genaiLens.searchBank', 'genaiLens.explainCallAtCursor']) assert.ok(commands.includes(id), id);
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(doc.getText().split('\n').findIndex((l) => l.includes('LoraConfig(')), 12));
  console.log(`test:electron: ${hovers.length} hover(s) on LoraConfig`);
};
