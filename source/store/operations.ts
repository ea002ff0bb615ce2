// What the action keys open: the dialogs for pull, tag, push, save, load, build and log in.
// Their answers are handled in dialogs/ (one handler a purpose); deletes and prunes in cleanup.ts.
import path from 'node:path';
import {supportsPlatform} from '../engine/platform.ts';
import type {Engine} from '../engine/engine.ts';
import {parseNormalizedNamed, ReferenceError, type Reference} from '../engine/reference.ts';
import type {LocalFiles} from '../engine/local-files.ts';
import {type Dialog, type Field} from './dialog.ts';
import {pushTag} from './image-jobs.ts';
import type {ImageRow} from './image-rows.ts';
import type {JobRunner} from './job-runner.ts';
import {selectedRow, visibleRows} from './selectors.ts';
import type {Store} from './store.ts';

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

export function createOperations(engine: Engine, store: Store, jobs: JobRunner, files: LocalFiles) {
	const {dispatch} = store;
	const context = {engine, jobs, files};

	return {
		openPull() {
			dispatch({type: 'openDialog', dialog: form('pull', 'Pull an image', [
				{name: 'reference', label: 'Image', value: ''},
				{name: 'platform', label: 'Platform', value: ''},
			], "A missing tag means latest. Platform: os/arch[/variant] (linux/arm64); empty, the engine's own.")});
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
			const rows = targetRows(store).filter(row => !row.untagged);
			if (rows.length === 0) {
				dispatch({type: 'flash', text: 'Nothing to push: an untagged image has no repository to push to. Tag it first (t).', tone: 'error'});
				return;
			}

			// A row is one tag: that tag is pushed, never a question which (docker push NAME:TAG).
			for (const row of rows) {
				pushTag(context, row);
			}
		},
		openSave() {
			const rows = targetRows(store);
			if (rows.length === 0) {
				return;
			}

			const one = rows.length === 1 ? rows[0]! : undefined;
			const name = one ? `${rowReference(one)}${one.platform ? ` ${one.platform.name}` : ''}` : `${rows.length} images`;
			const base = one ? name.replace(/[/: ]/g, '_') : 'images';
			dispatch({type: 'openDialog', dialog: form('save', `Save ${name} to a tar`, [{name: 'path', label: 'File', value: path.resolve(`${base}.tar`)}])});
		},
		openLoad() {
			const {connection} = store.getState();
			// docker load --platform needs API 1.48: older engines get no field for it.
			const platforms = connection.status === 'connected' && supportsPlatform(connection.info.pinnedApiVersion, 'load');
			const fields: Field[] = [{name: 'path', label: 'File', value: ''}, ...(platforms ? [{name: 'platform', label: 'Platform', value: ''}] : [])];
			dispatch({type: 'openDialog', dialog: form('load', 'Load images from a tar', fields, platforms ? 'Platform: os/arch[/variant] loads that platform alone; empty loads them all.' : undefined)});
		},
		openBuild() {
			dispatch({type: 'openDialog', dialog: form('build', 'Build an image', [
				{name: 'context', label: 'Context directory', value: process.cwd()},
				{name: 'dockerfile', label: 'Dockerfile (-f)', value: ''},
				{name: 'tags', label: 'Tags (space-separated)', value: ''},
				// auto: what the engine's /_ping says it prefers (BuildKit on current Docker, classic on Podman).
				{name: 'builder', label: 'Builder (Space: next)', value: 'auto', toggle: true, choices: ['auto', 'buildkit', 'classic']},
				{name: 'target', label: 'Target stage (--target)', value: ''},
				{name: 'secrets', label: 'Secrets (id=NAME,src=PATH …)', value: ''},
				{name: 'noCache', label: 'No cache (Space toggles)', value: 'no', toggle: true},
				{name: 'buildArgs', label: 'Build args (K=V …)', value: ''},
			], 'Dockerfile defaults to <context>/Dockerfile; relative -f and secret paths are relative to the current directory, as with docker build. Secrets need BuildKit.')});
		},
		openLogin() {
			dispatch({type: 'openDialog', dialog: form('login', 'Log in to a registry', [
				{name: 'server', label: 'Registry', value: 'docker.io'},
				{name: 'username', label: 'Username', value: ''},
				{name: 'password', label: 'Password', value: '', hidden: true},
			])});
		},
	};
}
