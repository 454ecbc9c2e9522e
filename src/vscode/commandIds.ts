// Every command id the extension contributes, in one table. package.json's contributes.commands
// must list exactly these (a unit test compares them), and hovers may only link to these.
export const COMMANDS = {
  startQuiz: 'genaiLens.startQuiz',
  searchBank: 'genaiLens.searchBank',
  explainCallAtCursor: 'genaiLens.explainCallAtCursor',
  quizMeOnFile: 'genaiLens.quizMeOnFile',
  showProgress: 'genaiLens.showProgress',
  openTopic: 'genaiLens.openTopic',
  openQuestion: 'genaiLens.openQuestion',
  quizTopic: 'genaiLens.quizTopic',
  filterTopics: 'genaiLens.filterTopics',
  clearTopicFilter: 'genaiLens.clearTopicFilter',
  exportProgress: 'genaiLens.exportProgress',
  importProgress: 'genaiLens.importProgress',
  resetProgress: 'genaiLens.resetProgress',
  showLog: 'genaiLens.showLog',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The only command ids that hover Markdown and rendered content may link to. */
export const LINKABLE_COMMANDS: readonly CommandId[] = [
  COMMANDS.startQuiz,
  COMMANDS.explainCallAtCursor,
  COMMANDS.openTopic,
  COMMANDS.openQuestion,
  COMMANDS.quizTopic,
];
