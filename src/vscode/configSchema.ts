// The settings' keys, types and defaults, free of the vscode module so unit tests can compare them
// with package.json's contributes.configuration.
export interface LensConfig {
  hoversEnabled: boolean;
  codeLensEnabled: boolean;
  hintsEnabled: boolean;
  desiredRetention: number;
  newPerDay: number;
  sessionSize: number;
  embeddingModelPath: string;
  userQuestionsFolder: string;
}

export const CONFIG_KEYS: Record<keyof LensConfig, string> = {
  hoversEnabled: 'hovers.enabled',
  codeLensEnabled: 'codeLens.enabled',
  hintsEnabled: 'hints.enabled',
  desiredRetention: 'quiz.desiredRetention',
  newPerDay: 'quiz.newPerDay',
  sessionSize: 'quiz.sessionSize',
  embeddingModelPath: 'embedding.modelPath',
  userQuestionsFolder: 'userQuestions.folder',
};

export const DEFAULTS: LensConfig = {
  hoversEnabled: true,
  codeLensEnabled: true,
  hintsEnabled: true,
  desiredRetention: 0.9,
  newPerDay: 20,
  sessionSize: 10,
  embeddingModelPath: '',
  userQuestionsFolder: '',
};

