// Images with any history, labels, env and file names, without a build: a hand-written
// `docker save` archive (one layer, a crafted config) handed to `docker load`. The bed's
// builds cannot make a megabyte history line or 100,000 labels in reasonable time; this can.
import {createHash} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {docker} from '../bed/docker-cli.mjs';
import {layerTar, packTar, type TarItem} from './image-tar.ts';

export type Crafted = {
	ref: string;
	/** Oldest first; the first entry is the layer's step, the rest make no layer. */
	history: ReadonlyArray<{created_by: string; comment?: string}>;
	labels?: Record<string, string>;
	env?: string[];
	files?: readonly TarItem[];
};

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export async function craftedArchive(image: Crafted): Promise<Buffer> {
	const layer = await layerTar(image.files ?? [{name: 'hello.txt', content: `${image.ref}\n`}]);
	const config = Buffer.from(JSON.stringify({
		architecture: 'amd64', os: 'linux', created: '2024-01-02T03:04:05Z',
		config: {Env: image.env ?? ['PATH=/bin'], Labels: image.labels ?? {}},
		rootfs: {type: 'layers', diff_ids: [`sha256:${sha(layer)}`]},
		history: image.history.map((step, index) => ({created: '2024-01-02T03:04:05Z', ...step, ...(index > 0 ? {empty_layer: true} : {})})),
	}));
	const configName = `${sha(config)}.json`;
	const dir = sha(layer);
	return packTar([
		{name: `${dir}/`, type: 'directory'},
		{name: `${dir}/VERSION`, body: Buffer.from('1.0')},
		{name: `${dir}/layer.tar`, body: layer},
		{name: configName, body: config},
		{name: 'manifest.json', body: Buffer.from(JSON.stringify([{Config: configName, RepoTags: [image.ref], Layers: [`${dir}/layer.tar`]}]))},
	]);
}

/** Loads each image into the engine at `host` (`docker load -i`); returns their IDs. */
export async function loadCrafted(host: string, images: readonly Crafted[]): Promise<string[]> {
	const work = mkdtempSync('/tmp/stowage-craft-');
	try {
		const ids: string[] = [];
		for (const [index, image] of images.entries()) {
			const file = path.join(work, `${index}.tar`);
			writeFileSync(file, await craftedArchive(image));
			const loaded = await docker(['load', '-i', file], {host, env: {DOCKER_CONFIG: work}});
			if (loaded.code !== 0) {
				throw new Error(`docker load of ${image.ref} failed: ${loaded.stderr}`);
			}

			ids.push((await docker(['image', 'inspect', '--format', '{{.Id}}', image.ref], {host, env: {DOCKER_CONFIG: work}})).stdout.trim());
		}

		return ids;
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

/** Removes the images again (a test leaves the shared engine as it found it). */
export async function removeCrafted(host: string, images: readonly Crafted[]): Promise<void> {
	await docker(['rmi', '-f', ...images.map(image => image.ref)], {host});
}
