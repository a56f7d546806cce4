/**
 * Tests run the rules recogniser unless they ask for a model (KEFU_NLU=model or an explicit config): loading the
 * intent model in every kefu a test starts, and in the child processes they spawn, would cost about a second and
 * a few hundred MB each. Tests of the models load them themselves (test/nlu/bert, test/flows/transcripts-model).
 */
process.env.KEFU_NLU ??= 'rules';
