// The jobs the image dialogs start: pull, push one tag, save.
import {familiarString, parseNormalizedNamed, registryKey, withDefaultTag, type Reference} from '../engine/reference.ts';
import {formatImageSize} from '../format/size.ts';
import {formatPlatform, type Platform} from '../engine/platform.ts';
import type {DialogContext} from './dialogs/dialog-context.ts';
import type {ImageRow} from './image-rows.ts';

type Jobs = Pick<DialogContext, 'engine' | 'jobs' | 'files'>;

async function authFor({files}: Jobs, reference: Reference) {
	return files.resolveAuth(registryKey(reference));
}

export function pullImage(context: Jobs, text: string, platform?: Platform) {
	const reference = withDefaultTag(parseNormalizedNamed(text));
	const name = familiarString(reference);
	void context.jobs.start('pull', platform ? `${name} ${formatPlatform(platform)}` : name, async (signal, report) => {
		let outcome: string | undefined;
		await context.engine.pull(name, await authFor(context, reference), message => {
			// "Status: Downloaded newer image for …" / "Status: Image is up to date for …"
			if (message.status?.startsWith('Status: ')) {
				outcome = message.status.slice('Status: '.length);
			}

			report.progress(message);
		}, signal, platform);
		// Podman's compat pull ends without dockerd's Digest and Status lines: name what came.
		if (outcome === undefined) {
			const id = (await context.engine.inspect(name).catch(() => undefined) as {Id?: unknown} | undefined)?.Id;
			return `pulled ${name}${typeof id === 'string' ? ` (${id})` : ''}`;
		}

		return outcome;
	});
}

/** A platform row pushes that platform alone, as `docker push --platform` (API 1.46+). */
export function pushTag(context: Jobs, row: ImageRow) {
	const reference = parseNormalizedNamed(`${row.repository}:${row.tag}`);
	const platform = row.platform?.manifest.platform;
	void context.jobs.start('push', `${row.repository}:${row.tag}${row.platform ? ` ${row.platform.name}` : ''}`, async (signal, report) => {
		let layers = 0;
		let existing = 0;
		let digest: string | undefined;
		await context.engine.push(row.repository, row.tag, await authFor(context, reference), message => {
			if (message.status === 'Pushed') {
				layers++;
			} else if (message.status === 'Layer already exists' || message.status?.startsWith('Mounted from')) {
				existing++;
			}

			digest = /: digest: (sha256:[0-9a-f]{64}) size: \d+$/.exec(message.status ?? '')?.[1] ?? digest;
			report.progress(message);
		}, signal, platform);
		if (layers + existing === 0) {
			// Podman's compat push names no layers: say so rather than "0 layers sent".
			return `pushed ${row.repository}:${row.tag}${digest ? ` (${digest})` : ''}; the engine reports no per-layer progress`;
		}

		return `pushed ${row.repository}:${row.tag} (${layers} layer${layers === 1 ? '' : 's'} sent, ${existing} already there)`;
	});
}

/** `platform`: that platform alone, as `docker save --platform` (API 1.48+). */
export function saveImages(context: Jobs, images: string[], target: string, platform?: Platform) {
	void context.jobs.start('save', `${images.join(' ')}${platform ? ` ${formatPlatform(platform)}` : ''} → ${target}`, async (signal, report) => {
		await context.engine.save(images, target, report.bytes, signal, platform);
		const facts = await context.files.stat(target);
		return `saved ${formatImageSize(facts?.size ?? 0)} to ${target}`;
	});
}
