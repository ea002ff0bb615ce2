// What the action keys do: open the right dialog, check the answer, run the job.
// Deletes and prunes live in cleanup.ts; this file holds the rest.
import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import type {Engine} from '../engine/engine.ts';
import {resolveAuth, storeCredentials} from '../engine/credentials.ts';
import {familiarString, parseNormalizedNamed, ReferenceError, registryKey, withDefaultTag, type Reference} from '../engine/reference.ts';
import {describeError} from '../engine/describe-error.ts';
import {formatImageSize} from '../format/size.ts';
import {fieldValue, type Dialog, type Field} from './dialog.ts';
import type {ImageRow} from './image-rows.ts';
import type {JobRunner} from './job-runner.ts';
import {selectedRow, visibleRows} from './selectors.ts';
import type {Store} from './store.ts';

export const dockerHub = 'https://index.docker.io/v1/';

/** Rows the action applies to: the marked ones, else the selected one. */
export function targetRows(store: Store): ImageRow[] {
	const state = store.getState();
	if (state.marked.size > 0) {
		return visibleRows(state).filter(row => state.marked.has(row.key));
	}

	const row = selectedRow(state);
	return row ? [row] : [];
}

/** "repo:tag", or the short ID for an untagged row: what docker accepts to name it. */
export function rowReference(row: ImageRow): string {
	return row.untagged ? row.shortId : `${row.repository}:${row.tag}`;
}

export function validateReference(text: string): {reference?: Reference; error?: string} {
	if (text.trim() === '') {
		return {error: 'type an image reference, e.g. ubuntu:22.04 or host:5000/team/app'};
	}

	try {
		return {reference: parseNormalizedNamed(text.trim())};
	} catch (error) {
		return {error: error instanceof ReferenceError ? error.message : String(error)};
	}
}

const form = (purpose: Extract<Dialog, {kind: 'form'}>['purpose'], title: string, fields: Extract<Dialog, {kind: 'form'}>['fields'], note?: string): Dialog => ({kind: 'form', purpose, title, fields, focus: 0, note});

export type Operations = ReturnType<typeof createOperations>;

export function createOperations(engine: Engine, store: Store, jobs: JobRunner) {
	const {dispatch} = store;
	const fail = (error: unknown) => describeError(error, engine.endpoint);
	const dialogError = (error: string) => dispatch({type: 'dialogError', error});

	async function authFor(reference: Reference) {
		return resolveAuth(registryKey(reference));
	}

	function pull(text: string) {
		const reference = withDefaultTag(parseNormalizedNamed(text));
		const name = familiarString(reference);
		void jobs.start('pull', name, async (signal, report) => {
			let outcome: string | undefined;
			await engine.pull(name, await authFor(reference), message => {
				// "Status: Downloaded newer image for …" / "Status: Image is up to date for …"
				if (message.status?.startsWith('Status: ')) {
					outcome = message.status.slice('Status: '.length);
				}

				report.progress(message);
			}, signal);
			return outcome;
		});
	}

	function pushTag(row: ImageRow) {
		const reference = parseNormalizedNamed(`${row.repository}:${row.tag}`);
		void jobs.start('push', `${row.repository}:${row.tag}`, async (signal, report) => {
			let layers = 0;
			let existing = 0;
			await engine.push(row.repository, row.tag, await authFor(reference), message => {
				if (message.status === 'Pushed') {
					layers++;
				} else if (message.status === 'Layer already exists' || message.status?.startsWith('Mounted from')) {
					existing++;
				}

				report.progress(message);
			}, signal);
			return `pushed ${row.repository}:${row.tag} (${layers} layer${layers === 1 ? '' : 's'} sent, ${existing} already there)`;
		});
	}

	function save(images: string[], target: string) {
		void jobs.start('save', `${images.join(' ')} → ${target}`, async (signal, report) => {
			await engine.save(images, target, report.bytes, signal);
			return `saved ${formatImageSize(statSync(target).size)} to ${target}`;
		});
	}

	return {
		openPull() {
			dispatch({type: 'openDialog', dialog: form('pull', 'Pull an image', [{name: 'reference', label: 'Image', value: ''}], 'A missing tag means latest.')});
		},
		openTag() {
			const row = selectedRow(store.getState());
			if (!row) {
				return;
			}

			const fields: Field[] = [{name: 'reference', label: 'New reference', value: row.untagged ? '' : `${row.repository}:${row.tag}`}];
			// Retag (docker tag old new && docker rmi old): only a tagged row has an old name to drop.
			if (!row.untagged) {
				fields.push({name: 'rename', label: `Remove ${rowReference(row)} after (rename; Space toggles)`, value: 'no', toggle: true});
			}

			dispatch({type: 'openDialog', dialog: form('tag', `Tag ${rowReference(row)} (${row.shortId})`, fields)});
		},
		openPush() {
			const state = store.getState();
			const rows = targetRows(store).filter(row => !row.untagged);
			if (rows.length === 0) {
				dispatch({type: 'flash', text: 'Nothing to push: an untagged image has no repository to push to. Tag it first (t).', tone: 'error'});
				return;
			}

			if (state.marked.size === 0) {
				const row = rows[0]!;
				const siblings = visibleRows(state).filter(other => other.id === row.id && !other.untagged);
				if (siblings.length > 1) {
					const options = siblings.map(other => `${other.repository}:${other.tag}`);
					dispatch({type: 'openDialog', dialog: {kind: 'choose', purpose: 'pushTag', title: `Push which tag of ${row.shortId}?`, options, cursor: Math.max(options.indexOf(`${row.repository}:${row.tag}`), 0)}});
					return;
				}
			}

			for (const row of rows) {
				pushTag(row);
			}
		},
		openSave() {
			const rows = targetRows(store);
			if (rows.length === 0) {
				return;
			}

			const base = rows.length === 1 ? rowReference(rows[0]!).replace(/[/:]/g, '_') : 'images';
			dispatch({type: 'openDialog', dialog: form('save', `Save ${rows.length === 1 ? rowReference(rows[0]!) : `${rows.length} images`} to a tar`, [{name: 'path', label: 'File', value: path.resolve(`${base}.tar`)}])});
		},
		openLoad() {
			dispatch({type: 'openDialog', dialog: form('load', 'Load images from a tar', [{name: 'path', label: 'File', value: ''}])});
		},
		openBuild() {
			dispatch({type: 'openDialog', dialog: form('build', 'Build an image', [
				{name: 'context', label: 'Context directory', value: process.cwd()},
				{name: 'dockerfile', label: 'Dockerfile (-f)', value: ''},
				{name: 'tags', label: 'Tags (space-separated)', value: ''},
				{name: 'noCache', label: 'No cache (Space toggles)', value: 'no', toggle: true},
				{name: 'buildArgs', label: 'Build args (K=V …)', value: ''},
			], 'Dockerfile defaults to <context>/Dockerfile; a relative -f is relative to the current directory, as with docker build.')});
		},
		openLogin() {
			dispatch({type: 'openDialog', dialog: form('login', 'Log in to a registry', [
				{name: 'server', label: 'Registry', value: 'docker.io'},
				{name: 'username', label: 'Username', value: ''},
				{name: 'password', label: 'Password', value: '', hidden: true},
			])});
		},
		chooseTag() {
			const {dialog} = store.getState();
			if (dialog.kind !== 'choose') {
				return;
			}

			const choice = dialog.options[dialog.cursor];
			dispatch({type: 'closeDialog'});
			const row = visibleRows(store.getState()).find(other => `${other.repository}:${other.tag}` === choice);
			if (row) {
				pushTag(row);
			}
		},
		/** Enter in a form: check the answer; run the job or say what is wrong. */
		async submitForm() {
			const {dialog} = store.getState();
			if (dialog.kind !== 'form' || dialog.busy) {
				return;
			}

			switch (dialog.purpose) {
				case 'pull': {
					const {error} = validateReference(fieldValue(dialog, 'reference'));
					if (error) {
						dialogError(error);
						return;
					}

					dispatch({type: 'closeDialog'});
					pull(fieldValue(dialog, 'reference').trim());
					return;
				}

				case 'tag': {
					const row = selectedRow(store.getState());
					const {reference, error} = validateReference(fieldValue(dialog, 'reference'));
					if (error || !reference || !row) {
						dialogError(error ?? 'no image selected');
						return;
					}

					if (reference.digest) {
						dialogError('a tag cannot contain a digest');
						return;
					}

					const tagged = withDefaultTag(reference);
					const name = familiarString({...tagged, tag: undefined});
					const old = rowReference(row);
					const rename = !row.untagged && fieldValue(dialog, 'rename') === 'yes';
					if (`${name}:${tagged.tag!}` === old) {
						dialogError(rename ? `${old} is already its name: type the new one` : `${old} already has that tag`);
						return;
					}

					dispatch({type: 'closeDialog'});
					void jobs.start('tag', `${old} → ${name}:${tagged.tag!}`, async () => {
						await engine.tag(row.id, name, tagged.tag!);
						if (!rename) {
							return `tagged ${row.shortId} as ${name}:${tagged.tag!}`;
						}

						// The new tag exists now, so removing the old name only untags it.
						await engine.removeImage(old, false);
						return `renamed ${old} to ${name}:${tagged.tag!}`;
					});
					return;
				}

				case 'save': {
					const target = path.resolve(fieldValue(dialog, 'path').trim());
					const images = targetRows(store).map(row => rowReference(row));
					if (!fieldValue(dialog, 'path').trim()) {
						dialogError('type the path of the tar to write');
						return;
					}

					if (!existsSync(path.dirname(target))) {
						dialogError(`no such directory: ${path.dirname(target)}`);
						return;
					}

					if (existsSync(target)) {
						dispatch({type: 'openDialog', dialog: {kind: 'confirm', title: 'Overwrite?', lines: [`${target} exists (${formatImageSize(statSync(target).size)}).`, `Replace it with ${images.join(', ')}?`, 'The old file stays until the new one is complete.'], typed: '', payload: {kind: 'overwrite', images, target}}});
						return;
					}

					dispatch({type: 'closeDialog'});
					save(images, target);
					return;
				}

				case 'load': {
					const source = path.resolve(fieldValue(dialog, 'path').trim());
					if (!fieldValue(dialog, 'path').trim() || !existsSync(source) || !statSync(source).isFile()) {
						dialogError(fieldValue(dialog, 'path').trim() ? `no such file: ${source}` : 'type the path of a tar made by docker save');
						return;
					}

					dispatch({type: 'closeDialog'});
					void jobs.start('load', source, async (signal, report) => {
						const loaded = await engine.load(source, report.progress, report.bytes, signal);
						return loaded.length > 0 ? `loaded ${loaded.join(', ')}` : 'loaded';
					});
					return;
				}

				case 'build': {
					const context = path.resolve(fieldValue(dialog, 'context').trim() || '.');
					if (!existsSync(context) || !statSync(context).isDirectory()) {
						dialogError(`no such directory: ${context}`);
						return;
					}

					const dockerfileText = fieldValue(dialog, 'dockerfile').trim();
					// As `docker build -f`: a relative path is relative to the current directory.
					const dockerfile = dockerfileText ? path.resolve(dockerfileText) : path.join(context, 'Dockerfile');
					if (!existsSync(dockerfile)) {
						dialogError(`no Dockerfile at ${dockerfile}`);
						return;
					}

					const tags = fieldValue(dialog, 'tags').split(/[\s,]+/).filter(Boolean);
					for (const tag of tags) {
						const {error} = validateReference(tag);
						if (error) {
							dialogError(`tag "${tag}": ${error}`);
							return;
						}
					}

					const buildArgs: Record<string, string> = {};
					for (const pair of fieldValue(dialog, 'buildArgs').split(/\s+/).filter(Boolean)) {
						const equals = pair.indexOf('=');
						if (equals <= 0) {
							dialogError(`build arg "${pair}": expected NAME=value`);
							return;
						}

						buildArgs[pair.slice(0, equals)] = pair.slice(equals + 1);
					}

					dispatch({type: 'closeDialog'});
					const noCache = fieldValue(dialog, 'noCache') === 'yes';
					void jobs.start('build', tags[0] ?? context, async (signal, report) => {
						const {imageId} = await engine.build({contextDir: context, dockerfile, tags, noCache, buildArgs}, report.progress, report.bytes, signal);
						return `built ${imageId.replace('sha256:', '').slice(0, 12)}${tags.length > 0 ? ` as ${tags.join(', ')}` : ''}`;
					});
					return;
				}

				case 'login': {
					const server = fieldValue(dialog, 'server').trim() || 'docker.io';
					const username = fieldValue(dialog, 'username').trim();
					const password = fieldValue(dialog, 'password');
					if (!username || !password) {
						dialogError('a username and a password are needed');
						return;
					}

					const key = ['docker.io', 'index.docker.io', 'registry-1.docker.io', dockerHub].includes(server) ? dockerHub : server.replace(/^https?:\/\//, '').replace(/\/+$/, '');
					dispatch({type: 'dialogError', busy: true});
					try {
						const result = await engine.login({username, password, serveraddress: key});
						await storeCredentials(key, username, password, result.identityToken);
						dispatch({type: 'closeDialog'});
						dispatch({type: 'flash', text: `${result.status || 'Login Succeeded'} (${key === dockerHub ? 'Docker Hub' : key})`, tone: 'info'});
					} catch (error) {
						// Never echo what was typed: the message comes from the engine, about the registry.
						dispatch({type: 'dialogError', error: `login failed: ${fail(error)}`, busy: false});
					}

					return;
				}
			}
		},
		/** y (or the typed word) in a confirmation of save's overwrite; deletes and prunes go to cleanup.ts. */
		confirmOverwrite(payload: {images: string[]; target: string}) {
			dispatch({type: 'closeDialog'});
			save(payload.images, payload.target);
		},
	};
}
