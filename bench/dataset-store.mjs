// Writes bench images straight into a stopped dockerd's image store: the config JSON at
// image/<driver>/imagedb/content/sha256/<its sha256>, the tag in repositories.json
// (dockerd 20.10–28 with a graph driver). Every image's one layer is the seed load's,
// so layerdb already holds it. Only used when the seed load wrote exactly that layout.
import {existsSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const repositoryOf = tag => tag.slice(0, tag.lastIndexOf(':'));

/**
 * Where the loaded seed image landed: {dir} when it is where and as this module writes
 * images, else {error} saying what differs. `info` is the engine's /info.
 */
export function seedLayout(info, dataRoot, seed) {
	if (path.resolve(info.DockerRootDir ?? '') !== path.resolve(dataRoot)) return {error: `data-root ${info.DockerRootDir}, expected ${dataRoot}`};
	if ((info.DriverStatus ?? []).some(([key, value]) => key === 'driver-type' && String(value).includes('snapshotter'))) return {error: 'the containerd image store'};
	const dir = path.join(dataRoot, 'image', info.Driver ?? '');
	const content = path.join(dir, 'imagedb', 'content', 'sha256', seed.id);
	if (!existsSync(content)) return {error: `no ${content}`};
	if (!readFileSync(content).equals(seed.config)) return {error: `${content} is not the loaded config`};
	let repositories;
	try {
		repositories = JSON.parse(readFileSync(path.join(dir, 'repositories.json'), 'utf8')).Repositories;
	} catch (error) {
		return {error: `repositories.json: ${error instanceof Error ? error.message : error}`};
	}
	if (repositories?.[repositoryOf(seed.tag)]?.[seed.tag] !== `sha256:${seed.id}`) return {error: `repositories.json does not map ${seed.tag} to its ID`};
	return {dir};
}

/** `images`: [{tag, config}]; run with dockerd stopped (it rewrites repositories.json from memory). */
export function writeImageStore(dir, images, sha256) {
	const file = path.join(dir, 'repositories.json');
	const store = JSON.parse(readFileSync(file, 'utf8'));
	for (const {tag, config} of images) {
		const id = sha256(config);
		writeFileSync(path.join(dir, 'imagedb', 'content', 'sha256', id), config, {mode: 0o600});
		(store.Repositories[repositoryOf(tag)] ??= {})[tag] = `sha256:${id}`;
	}
	writeFileSync(`${file}.stowage-tmp`, JSON.stringify(store), {mode: 0o600});
	renameSync(`${file}.stowage-tmp`, file);
}
