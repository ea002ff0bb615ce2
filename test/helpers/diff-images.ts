// Two images whose exact differences are known, for `stowage diff`: they share a
// base layer, then each adds one layer of its own. What the second does to the
// base: a file changed by content at the same size, one by mode only, a file
// deleted (whiteout), a directory replaced by a file, a directory made opaque,
// a symlink retargeted, files added. Built here as `docker save` archives.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {cli} from '../engine/own-images.ts';
import {layerTar, legacyArchive, type HistoryItem, type TarItem} from './image-tar.ts';

export const DIFF_FROM = 'stowage-diff/from:1';
export const DIFF_TO = 'stowage-diff/to:1';

const baseItems: readonly TarItem[] = [
	{name: 'etc/', type: 'directory'},
	{name: 'etc/conf', content: 'colour=red\n'},
	{name: 'etc/other', content: 'other\n'},
	{name: 'bin/', type: 'directory'},
	{name: 'bin/tool', content: '#!/bin/sh\necho tool\n', mode: 0o755},
	{name: 'bin/same', content: 'unchanged\n'},
	{name: 'data/', type: 'directory'},
	{name: 'data/x', size: 4000},
	{name: 'data/y', size: 1000},
	{name: 'opq/', type: 'directory'},
	{name: 'opq/old', size: 700},
	{name: 'opq/keep', content: 'kept by name, not by content\n'},
	{name: 'gone.txt', size: 2500},
	{name: 'link', type: 'symlink', linkname: 'etc/conf'},
	{name: 'hard', type: 'link', linkname: 'etc/other'},
];
const base = () => layerTar(baseItems);

/** The first image's own layer: only a label file, so the two part at step 2. */
const fromLayer = () => layerTar([{name: 'from.txt', content: 'from\n'}]);

const toItems: readonly TarItem[] = [
	{name: 'etc/', type: 'directory'},
	// Same size as the base's, other bytes.
	{name: 'etc/conf', content: 'colour=blu\n'},
	{name: 'bin/', type: 'directory'},
	{name: 'bin/tool', content: '#!/bin/sh\necho tool\n', mode: 0o700},
	{name: '.wh.gone.txt'},
	{name: 'data', size: 300},
	{name: 'opq/', type: 'directory'},
	{name: 'opq/.wh..wh..opq'},
	{name: 'opq/keep', content: 'kept by name, not by content\n'},
	{name: 'opq/new', size: 50},
	{name: 'link', type: 'symlink', linkname: 'etc/other'},
	{name: 'new/', type: 'directory'},
	{name: 'new/big.bin', size: 12_000},
	{name: 'new/small', size: 10},
];
const toLayer = () => layerTar(toItems);

const history = (last: string): HistoryItem[] => [
	{created_by: '/bin/sh -c #(nop) ADD file:base in / '},
	{created_by: '/bin/sh -c #(nop)  ENV A=1', empty_layer: true},
	{created_by: last},
];

let made: Promise<{base: Buffer; from: Buffer; to: Buffer}> | undefined;

/** The layer tars, made once per process: tar headers carry the time they were made, and a registry copy must have the same bytes. */
export async function diffLayers(): Promise<{base: Buffer; from: Buffer; to: Buffer}> {
	made ??= (async () => ({base: await base(), from: await fromLayer(), to: await toLayer()}))();
	return made;
}

export async function diffArchives(): Promise<{from: Buffer; to: Buffer}> {
	const layers = await diffLayers();
	const shared = layers.base;
	return {
		from: await legacyArchive([shared, layers.from], history('/bin/sh -c echo from > /from.txt'), DIFF_FROM),
		to: await legacyArchive([shared, layers.to], history('/bin/sh -c change everything'), DIFF_TO),
	};
}

/** Both images loaded into the test engine (`docker load`), their archives written under `work`. */
export async function loadDiffImages(work: string): Promise<void> {
	const {from, to} = await diffArchives();
	for (const [name, archive] of [['from', from], ['to', to]] as const) {
		const file = path.join(work, `${name}.tar`);
		writeFileSync(file, archive);
		await cli(['load', '-i', file]);
	}
}

/** What `diff FROM TO` must report, path by path. */
export const expectedChanges: ReadonlyArray<[path: string, change: string, reasons?: string[]]> = [
	['/bin/tool', 'changed', ['mode']],
	['/data', 'changed', ['type']],
	['/data/x', 'removed'],
	['/data/y', 'removed'],
	['/etc/conf', 'changed', ['content']],
	['/from.txt', 'removed'],
	['/gone.txt', 'removed'],
	['/link', 'changed', ['link']],
	['/new', 'added'],
	['/new/big.bin', 'added'],
	['/new/small', 'added'],
	['/opq/new', 'added'],
	['/opq/old', 'removed'],
];

export const expectedSummary = {
	added: {count: 3, bytes: 12_000 + 10 + 50},
	removed: {count: 5, bytes: 4000 + 1000 + 5 + 2500 + 700},
	// /data: a 300-byte file where a directory was; the others keep their sizes.
	changed: {count: 4, bytes: 300},
};
