// Prompts, confirmations, choices and forms: what is asked, and the answer being typed.
import type {HostKeyDetails} from '../engine/ssh/ssh-errors.ts';
import type {Platform} from '../engine/platform.ts';

/** `toggle`: Space flips it, yes ⇄ no, or steps through `choices` when it has them. */
export type Field = {name: string; label: string; value: string; hidden?: boolean; toggle?: boolean; choices?: readonly string[]};

export type Dialog =
	| {kind: 'none'}
	| {kind: 'form'; purpose: FormPurpose; title: string; fields: Field[]; focus: number; error?: string; busy?: boolean; note?: string}
	| {kind: 'confirm'; title: string; lines: string[]; requireWord?: string; typed: string; payload: ConfirmPayload; extraKey?: {key: string; label: string}; error?: string}
	| {kind: 'choose'; purpose: 'copyTo'; title: string; options: string[]; cursor: number; /** What each option stands for, when not its text. */ values?: string[]};

export type FormPurpose = 'pull' | 'tag' | 'build' | 'save' | 'load' | 'login' | 'passphrase' | 'registry' | 'registryRepository' | 'registryCopy' | 'extract';
/** What a confirmation will do when answered yes. */
export type ConfirmPayload =
	| {kind: 'overwrite'; images: string[]; target: string; platform?: Platform}
	| {kind: 'overwriteExtract'; image: string; target: string}
	| {kind: 'delete'; references: string[]; force: boolean}
	| {kind: 'pruneDangling'}
	| {kind: 'pruneAll'; volumes: boolean}
	| {kind: 'acceptHostKey'; details: HostKeyDetails}
	| {kind: 'registryDelete'; registry: string; repository: string; digest: string; tags: string[]}
	| {kind: 'quit'};

export type DialogAction =
	| {type: 'openDialog'; dialog: Dialog}
	| {type: 'closeDialog'}
	| {type: 'dialogInput'; text: string}
	| {type: 'dialogFocus'; step: 1 | -1}
	| {type: 'dialogToggle'}
	| {type: 'dialogError'; error?: string; busy?: boolean}
	| {type: 'dialogChoose'; index: number};

export function fieldValue(dialog: Dialog, name: string): string {
	return dialog.kind === 'form' ? dialog.fields.find(field => field.name === name)?.value ?? '' : '';
}

export function dialogReducer(dialog: Dialog, action: DialogAction): Dialog {
	switch (action.type) {
		case 'openDialog': {
			return action.dialog;
		}

		case 'closeDialog': {
			return {kind: 'none'};
		}

		case 'dialogInput': {
			if (dialog.kind === 'form') {
				const fields = dialog.fields.map((field, index) => (index === dialog.focus && !field.toggle ? {...field, value: action.text} : field));
				return {...dialog, fields, error: undefined};
			}

			return dialog.kind === 'confirm' ? {...dialog, typed: action.text, error: undefined} : dialog;
		}

		case 'dialogFocus': {
			return dialog.kind === 'form' ? {...dialog, focus: (dialog.focus + action.step + dialog.fields.length) % dialog.fields.length} : dialog;
		}

		case 'dialogToggle': {
			if (dialog.kind !== 'form') {
				return dialog;
			}

			const next = (field: Field) => (field.choices ? field.choices[(field.choices.indexOf(field.value) + 1) % field.choices.length]! : field.value === 'yes' ? 'no' : 'yes');
			const fields = dialog.fields.map((field, index) => (index === dialog.focus && field.toggle ? {...field, value: next(field)} : field));
			return {...dialog, fields};
		}

		case 'dialogError': {
			return dialog.kind === 'form' || dialog.kind === 'confirm' ? {...dialog, error: action.error, ...(dialog.kind === 'form' ? {busy: action.busy} : {})} : dialog;
		}

		case 'dialogChoose': {
			return dialog.kind === 'choose' ? {...dialog, cursor: Math.max(0, Math.min(dialog.options.length - 1, action.index))} : dialog;
		}
	}
}
