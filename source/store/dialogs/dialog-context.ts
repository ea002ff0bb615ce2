// What a dialog's answer needs to act: the engine, the store, the jobs, and local files.
import type {Engine} from '../../engine/engine.ts';
import type {LocalFiles} from '../../engine/local-files.ts';
import type {JobRunner} from '../job-runner.ts';
import type {Store} from '../store.ts';

export type DialogContext = {
	engine: Engine;
	store: Store;
	jobs: JobRunner;
	files: LocalFiles;
	/** An error in words, for the user (describeError against this engine). */
	fail(error: unknown): string;
	/** Shows what is wrong in the open dialog, which stays open. */
	refuse(error: string): void;
};
