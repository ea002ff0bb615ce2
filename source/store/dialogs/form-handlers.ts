// Enter in a form, one handler a purpose: check the answers (files asynchronously,
// through the engine seam), then start the job or say what is wrong.
import {credentialKey, dockerHubKey, familiarString, withDefaultTag} from '../../engine/reference.ts';
import {formatImageSize} from '../../format/size.ts';
import {sanitizeLine} from '../../format/sanitize.ts';
import type {BuilderChoice, BuildSecret} from '../../engine/operations.ts';
import {parseBuildArgs} from '../build-args.ts';
import {parseSecrets, stageName} from '../build-secrets.ts';
import {fieldValue, type Dialog, type FormPurpose} from '../dialog.ts';
import {pullImage, saveImages} from '../image-jobs.ts';
import {formatPlatform, parsePlatform, type Platform} from '../../engine/platform.ts';
import {rowReference, targetRows, validateReference} from '../operations.ts';
import {selectedRow} from '../selectors.ts';
import type {DialogContext} from './dialog-context.ts';
import type {RegistryEffects} from '../registry-effects.ts';
import {isRepositoryName} from '../../engine/registry/names.ts';
import {startExtract} from '../extract-job.ts';

type Form = Extract<Dialog, {kind: 'form'}>;
export type FormContext = DialogContext & {submitPassphrase(): void; registry?: RegistryEffects};


async function submitTag({engine, store, jobs, refuse}: FormContext, dialog: Form) {
	const row = selectedRow(store.getState());
	const {reference, error} = validateReference(fieldValue(dialog, 'reference'));
	if (error || !reference || !row) {
		refuse(error ?? 'no image selected');
		return;
	}

	if (reference.digest) {
		refuse('a tag cannot contain a digest');
		return;
	}

	const tagged = withDefaultTag(reference);
	const name = familiarString({...tagged, tag: undefined});
	const old = rowReference(row);
	const rename = !row.untagged && fieldValue(dialog, 'rename') === 'yes';
	if (`${name}:${tagged.tag!}` === old) {
		refuse(rename ? `${old} is already its name: type the new one` : `${old} already has that tag`);
		return;
	}

	store.dispatch({type: 'closeDialog'});
	void jobs.start('tag', `${old} → ${name}:${tagged.tag!}`, async () => {
		await engine.tag(row.id, name, tagged.tag!);
		if (!rename) {
			return `tagged ${row.shortId} as ${name}:${tagged.tag!}`;
		}

		// The new tag exists now, so removing the old name only untags it.
		await engine.removeImage(old, false);
		return `renamed ${old} to ${name}:${tagged.tag!}`;
	});
}

/** A Platform field: undefined when empty, false (refused with the reason) when malformed. */
function readPlatform(text: string, refuse: (reason: string) => void): Platform | undefined | false {
	try {
		return text.trim() === '' ? undefined : parsePlatform(text);
	} catch (problem) {
		refuse(problem instanceof Error ? problem.message : String(problem));
		return false;
	}
}

/** The file name the save form offers at first: "team/app:1.0" → "team_app_1.0", several images → "images". */
function tarName(images: readonly string[]): string {
	return images.length === 1 ? images[0]!.replaceAll(/[/: ]/g, '_') : 'images';
}

async function submitSave(context: FormContext, dialog: Form) {
	const {store, files, refuse} = context;
	const typed = fieldValue(dialog, 'path').trim();
	if (!typed) {
		refuse('type the path of the tar to write');
		return;
	}

	const target = files.resolve(typed);
	const rows = targetRows(store);
	const images = rows.map(row => rowReference(row));
	// S on a platform row saves that platform alone.
	const platform = rows.length === 1 ? rows[0]!.platform?.manifest.platform : undefined;
	const folder = files.resolve(target, '..');
	if ((await files.stat(folder))?.kind !== 'directory') {
		refuse(`no such directory: ${folder}`);
		return;
	}

	const existing = await files.stat(target);
	if (existing?.kind === 'directory') {
		// Said before any "Overwrite?": the save could only fail there.
		refuse(`${target} is a directory: give a file name (e.g. ${files.resolve(target, `${tarName(images)}.tar`)})`);
		return;
	}

	if (existing?.kind === 'other') {
		refuse(`${target} is not a regular file: give the path of a file to write`);
		return;
	}

	if (existing) {
		store.dispatch({type: 'openDialog', dialog: {kind: 'confirm', title: 'Overwrite?', lines: [`${target} exists (${formatImageSize(existing.size)}).`, `Replace it with ${images.join(', ')}?`, 'The old file stays until the new one is complete.'], typed: '', payload: {kind: 'overwrite', images, target, platform}}});
		return;
	}

	store.dispatch({type: 'closeDialog'});
	saveImages(context, images, target, platform);
}

async function submitLoad({engine, store, jobs, files, refuse}: FormContext, dialog: Form) {
	const typed = fieldValue(dialog, 'path').trim();
	const source = files.resolve(typed);
	const kind = typed ? (await files.stat(source))?.kind : undefined;
	if (kind !== 'file') {
		refuse(!typed ? 'type the path of a tar made by docker save' : kind === 'directory' ? `${source} is a directory: give the path of a tar made by docker save` : kind === 'other' ? `${source} is not a regular file: give the path of a tar made by docker save` : `no such file: ${source}`);
		return;
	}

	const platform = readPlatform(fieldValue(dialog, 'platform'), refuse);
	if (platform === false) {
		return;
	}

	store.dispatch({type: 'closeDialog'});
	void jobs.start('load', platform ? `${source} ${formatPlatform(platform)}` : source, async (signal, report) => {
		const loaded = await engine.load(source, report.progress, report.bytes, signal, platform);
		return loaded.length > 0 ? `loaded ${loaded.join(', ')}` : 'loaded';
	});
}

/** The secrets field, each file checked: undefined (and the form told why) when one is wrong. */
async function checkSecrets({files, refuse}: FormContext, text: string, builder: BuilderChoice): Promise<BuildSecret[] | undefined> {
	const parsed = parseSecrets(text);
	if ('error' in parsed) {
		refuse(parsed.error);
		return undefined;
	}

	if (parsed.secrets.length > 0 && builder === 'classic') {
		refuse('secrets need BuildKit: choose buildkit (or auto) as the builder');
		return undefined;
	}

	const secrets: BuildSecret[] = [];
	for (const {id, src} of parsed.secrets) {
		const file = files.resolve(src);
		const facts = await files.stat(file);
		if (facts?.kind !== 'file') {
			refuse(facts ? `secret ${id}: ${file} is not a file` : `secret ${id}: no such file: ${file}`);
			return undefined;
		}

		secrets.push({id, src: file});
	}

	return secrets;
}

async function submitBuild(formContext: FormContext, dialog: Form) {
	const {engine, store, jobs, files, refuse} = formContext;
	const context = files.resolve(fieldValue(dialog, 'context').trim() || '.');
	if ((await files.stat(context))?.kind !== 'directory') {
		refuse(`no such directory: ${context}`);
		return;
	}

	const dockerfileText = fieldValue(dialog, 'dockerfile').trim();
	// As `docker build -f`: a relative path is relative to the current directory.
	const dockerfile = dockerfileText ? files.resolve(dockerfileText) : files.resolve(context, 'Dockerfile');
	if (!(await files.stat(dockerfile))) {
		refuse(`no Dockerfile at ${dockerfile}`);
		return;
	}

	const tags = fieldValue(dialog, 'tags').split(/[\s,]+/).filter(Boolean);
	for (const tag of tags) {
		const {error} = validateReference(tag);
		if (error) {
			refuse(`tag "${tag}": ${error}`);
			return;
		}
	}

	const parsed = parseBuildArgs(fieldValue(dialog, 'buildArgs'), files.env);
	if ('error' in parsed) {
		refuse(parsed.error);
		return;
	}

	const builder = (fieldValue(dialog, 'builder') || 'auto') as BuilderChoice;
	const target = fieldValue(dialog, 'target').trim();
	if (target && !stageName.test(target)) {
		refuse(`target "${target}": a stage name starts with a letter and has only letters, digits, "_", "." and "-"`);
		return;
	}

	const secrets = await checkSecrets(formContext, fieldValue(dialog, 'secrets'), builder);
	if (!secrets) {
		return;
	}

	store.dispatch({type: 'closeDialog'});
	const noCache = fieldValue(dialog, 'noCache') === 'yes';
	void jobs.start('build', tags[0] ?? context, async (signal, report) => {
		const built = await engine.build({contextDir: context, dockerfile, tags, noCache, buildArgs: parsed.args, builder, target: target || undefined, secrets}, report.progress, report.bytes, signal);
		return `built ${built.imageId.replace('sha256:', '').slice(0, 12)}${tags.length > 0 ? ` as ${tags.join(', ')}` : ''} (${built.builder === 'buildkit' ? 'BuildKit' : 'classic builder'})`;
	});
}

async function submitLogin({engine, store, files, jobs, fail}: FormContext, dialog: Form) {
	const server = fieldValue(dialog, 'server').trim() || 'docker.io';
	const username = fieldValue(dialog, 'username').trim();
	const password = fieldValue(dialog, 'password');
	if (!username || !password) {
		store.dispatch({type: 'dialogError', error: 'a username and a password are needed'});
		return;
	}

	const key = credentialKey(server);
	store.dispatch({type: 'dialogError', busy: true});
	try {
		const result = await engine.login({username, password, serveraddress: key});
		await files.storeCredentials(key, username, password, result.identityToken);
		store.dispatch({type: 'closeDialog'});
		const registry = key === dockerHubKey ? 'Docker Hub' : key;
		// The engine's own words ("Login Succeeded", as docker login prints them), sanitized: the flash
		// says it now, and a finished job keeps it in the jobs pane and its log after the flash is gone.
		const said = sanitizeLine(result.status || 'Login Succeeded');
		store.dispatch({type: 'flash', text: `${said} (${registry})`, tone: 'info'});
		void jobs.start('login', `login ${registry} as ${sanitizeLine(username)}`, async () => said);
	} catch (error) {
		// Never echo what was typed: the message comes from the engine, about the registry.
		// The engine's own words say "login to … failed" already; others get it said once.
		const reason = fail(error);
		store.dispatch({type: 'dialogError', error: /^login to .* failed/.test(reason) ? reason : `login failed: ${reason}`, busy: false});
	}
}

export const formHandlers: Record<FormPurpose, (context: FormContext, dialog: Form) => void | Promise<void>> = {
	pull(context, dialog) {
		const text = fieldValue(dialog, 'reference');
		const {error} = validateReference(text);
		if (error) {
			context.refuse(error);
			return;
		}

		// Empty: the engine's own platform, as docker pull without --platform.
		const platform = readPlatform(fieldValue(dialog, 'platform'), context.refuse);
		if (platform === false) {
			return;
		}

		context.store.dispatch({type: 'closeDialog'});
		pullImage(context, text.trim(), platform);
	},
	tag: submitTag,
	save: submitSave,
	load: submitLoad,
	build: submitBuild,
	login: submitLogin,
	passphrase: context => context.submitPassphrase(),
	registry(context, dialog) {
		const text = fieldValue(dialog, 'registry').trim().replace(/^https?:\/\//, '').replace(/\/+$/, '');
		if (!/^(?:[a-zA-Z0-9.-]+|\[[a-fA-F0-9:]+\])(?::\d{1,5})?$/.test(text)) {
			context.refuse('a registry is host[:port], e.g. 127.0.0.1:5000 or ghcr.io');
			return;
		}

		context.store.dispatch({type: 'closeDialog'});
		void context.registry?.openRegistry(text === 'index.docker.io' ? 'docker.io' : text);
	},
	registryRepository(context, dialog) {
		const registry = context.store.getState().registry?.registry;
		const name = fieldValue(dialog, 'repository').trim();
		const repository = registry === 'docker.io' && !name.includes('/') ? `library/${name}` : name;
		if (!isRepositoryName(repository)) {
			context.refuse('not a repository name: lower-case path components, e.g. team/app');
			return;
		}

		context.store.dispatch({type: 'closeDialog'});
		if (registry) {
			void context.registry?.listTags(registry, repository);
		}
	},
	registryCopy(context, dialog) {
		const problem = context.registry?.startCopy(fieldValue(dialog, 'target'));
		if (problem) {
			context.refuse(problem);
		}
	},
	extract: submitExtract,
};

async function submitExtract(context: FormContext, dialog: Form) {
	const {store, files, refuse} = context;
	const typed = fieldValue(dialog, 'path').trim();
	if (!typed) {
		refuse('type where to write it');
		return;
	}

	const target = files.resolve(typed);
	const folder = files.resolve(target, '..');
	if ((await files.stat(folder))?.kind !== 'directory') {
		refuse(`no such directory: ${folder}`);
		return;
	}

	const {overlay, analysis} = store.getState();
	const image = overlay.kind === 'explorer' && analysis?.imageId === overlay.imageId ? overlay.image ?? overlay.imageId : undefined;
	if (!image) {
		refuse('the layer explorer closed: nothing to extract');
		return;
	}

	const existing = await files.stat(target);
	if (existing) {
		store.dispatch({type: 'openDialog', dialog: {kind: 'confirm', title: 'Overwrite?', lines: [`${target} exists${existing.kind === 'directory' ? ' (a directory)' : ` (${formatImageSize(existing.size)})`}.`, 'Replace it with what is extracted?', 'It is replaced only once the extraction is complete.'], typed: '', payload: {kind: 'overwriteExtract', image, target}}});
		return;
	}

	store.dispatch({type: 'closeDialog'});
	startExtract(context, image, target, false);
}
