// A confirmation's yes and a choice's pick, one handler a purpose: the dialog says what it
// is for (its payload or purpose), and the handler for that does it.
import type {ConfirmPayload, Dialog} from '../dialog.ts';
import {saveImages} from '../image-jobs.ts';
import {startExtract} from '../extract-job.ts';
import type {DialogContext} from './dialog-context.ts';
import type {RegistryEffects} from '../registry-effects.ts';

type Cleanup = {
	confirmDelete(payload: Extract<ConfirmPayload, {kind: 'delete'}>, extra: boolean): void;
	confirmPruneDangling(): void;
	confirmPruneAll(payload: Extract<ConfirmPayload, {kind: 'pruneAll'}>, extra: boolean): void;
};

export type AnswerContext = DialogContext & {cleanup: Cleanup; reload(): void; copyTo(key: string | undefined): void; registry?: RegistryEffects};

type ConfirmHandlers = {[Kind in ConfirmPayload['kind']]: (context: AnswerContext, payload: Extract<ConfirmPayload, {kind: Kind}>, extra: boolean) => void | Promise<void>};

export const confirmHandlers: ConfirmHandlers = {
	overwrite(context, payload) {
		context.store.dispatch({type: 'closeDialog'});
		saveImages(context, payload.images, payload.target, payload.platform);
	},
	overwriteExtract(context, payload) {
		context.store.dispatch({type: 'closeDialog'});
		startExtract(context, payload.image, payload.target, true);
	},
	delete: (context, payload, extra) => context.cleanup.confirmDelete(payload, extra),
	pruneDangling: context => context.cleanup.confirmPruneDangling(),
	pruneAll: (context, payload, extra) => context.cleanup.confirmPruneAll(payload, extra),
	registryDelete: (context, payload) => context.registry?.confirmDelete(payload),
	quit({store}) {
		store.dispatch({type: 'closeDialog'});
		store.dispatch({type: 'quitRequest', interrupt: false});
	},
	async acceptHostKey({store, files, fail, reload}, payload) {
		store.dispatch({type: 'closeDialog'});
		try {
			await files.acceptHostKey(payload.details);
		} catch (error) {
			store.dispatch({type: 'flash', text: `cannot add the host key: ${fail(error)}`, tone: 'error'});
			return;
		}

		store.dispatch({type: 'flash', text: `Added the host key to ${payload.details.knownHostsFile}`, tone: 'info'});
		reload();
	},
};

type Choose = Extract<Dialog, {kind: 'choose'}>;

export const chooseHandlers: Record<Choose['purpose'], (context: AnswerContext, dialog: Choose) => void> = {
	copyTo(context, dialog) {
		context.store.dispatch({type: 'closeDialog'});
		context.copyTo(dialog.values?.[dialog.cursor]);
	},
};

/** y (or the typed word), or the dialog's extra key: to the handler of what the question was for. */
export function answerConfirm(context: AnswerContext, extra: boolean): void {
	const {dialog} = context.store.getState();
	if (dialog.kind === 'confirm') {
		const handler = confirmHandlers[dialog.payload.kind] as (context: AnswerContext, payload: ConfirmPayload, extra: boolean) => void | Promise<void>;
		void handler(context, dialog.payload, extra);
	}
}
