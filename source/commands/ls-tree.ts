// `stowage ls --tree`: the layout of `docker image ls --tree` (docker/cli
// cli/command/image/tree.go, 28.x) as it prints into a pipe: no colours, 80 columns
// unless a terminal says otherwise. Pure.
import {platformManifests} from '../engine/parse-manifests.ts';
import {formatPlatform} from '../engine/platform.ts';
import type {ImageSummary} from '../engine/types.ts';
import {formatImageSize} from '../format/size.ts';
import {shortId} from '../store/image-rows.ts';

type Details = {id: string; diskUsage: string; contentSize: string; inUse: boolean};
type Child = {platform: string; details: Details};
type Top = {names: string[]; details: Details; children: Child[]; created: number};

/** What docker calls dangling: neither a tag nor a digest. */
const dangling = (image: ImageSummary) => image.repoTags.length === 0 && image.repoDigests.length === 0;

export function treeView(images: readonly ImageSummary[], all: boolean): Top[] {
	const tops = images.filter(image => all || !dangling(image)).map(image => {
		const manifests = image.manifests ?? [];
		const children = platformManifests(manifests).map(manifest => ({
			platform: formatPlatform(manifest.platform ?? {os: '', architecture: ''}),
			details: {id: manifest.id, diskUsage: formatImageSize(manifest.diskUsage), contentSize: formatImageSize(manifest.contentSize), inUse: manifest.containers > 0},
		}));
		// The top row's content size counts every manifest, attestations too, as docker's does.
		const content = manifests.reduce((sum, manifest) => sum + manifest.contentSize, 0);
		const inUse = image.containers > 0 || children.some(child => child.details.inUse);
		return {names: image.repoTags, details: {id: image.id, diskUsage: formatImageSize(image.size), contentSize: formatImageSize(content), inUse}, children, created: image.created};
	});
	return tops.sort((a, b) => b.created - a.created);
}

type Align = 'left' | 'right';
type Column = {title: string; width: number; align: Align; value?: (details: Details) => string};

const spacing = 3;
const width = (text: string) => [...text].length;

function cell(column: Column, text: string): string {
	const length = width(text);
	if (length > column.width) {
		// tui.Ellipsis: width-1 characters and "…".
		return [...text].slice(0, Math.max(column.width - 1, 0)).join('') + '…';
	}

	const pad = ' '.repeat(column.width - length);
	return column.align === 'right' ? pad + text : text + pad;
}

/** The whole tree, as docker prints it after its experimental-feature warning. */
export function formatTree(tops: readonly Top[], terminalWidth = 80): string {
	const total = Math.max(terminalWidth || 80, 20);
	// The In Use chip (plain "U") gets a column only when some platform is in use.
	const chips = tops.some(top => top.children.some(child => child.details.inUse) || top.details.inUse);
	const legend = ' Info ->  U In Use ';
	const columns: Column[] = [
		{title: 'Image', width: 0, align: 'left'},
		{title: 'ID', width: 12, align: 'left', value: details => shortId(details.id)},
		{title: 'Disk usage', width: 10, align: 'right', value: details => details.diskUsage},
		{title: 'Content size', width: 12, align: 'right', value: details => details.contentSize},
		{title: 'Extra', width: 5, align: 'left', value: details => (chips ? (details.inUse ? 'U' : ' ') : '')},
	];

	let nameWidth = total;
	let kept = columns.length;
	for (const [index, column] of columns.entries()) {
		if (column.width === 0) {
			continue;
		}

		const needed = column.width + (index > 0 ? spacing : 0);
		if (nameWidth - needed < 12) {
			kept = index;
			break;
		}

		nameWidth -= needed;
	}

	const shown = columns.slice(0, kept);
	// Go's len(): bytes, so the tree glyphs count three each, as in docker.
	const bytes = (text: string) => Buffer.byteLength(text);
	const widest = Math.max(bytes('Image'), ...tops.flatMap(top => [...top.names.map(name => bytes(name)), ...top.children.map(child => bytes(child.platform) + bytes('└─ '))]));
	shown[0]!.width = Math.min(nameWidth, widest);
	const first = shown[0]!;
	const spaced = tops.some(top => top.children.length > 0);

	const details = (values: Details) => shown.filter(column => column.value).map(column => ' '.repeat(spacing) + cell(column, column.value!(values))).join('');
	let out = ' '.repeat(Math.max(total - width(legend), 0)) + legend + '\n\n';
	out += shown.map(column => cell(column, column.title.toUpperCase())).join(' '.repeat(spacing)) + '\n';
	for (const top of tops) {
		const names = [...top.names].sort((a, b) => b.length - a.length);
		if (names.length === 0) {
			out += cell(first, '<untagged>');
		}

		for (const [index, name] of names.entries()) {
			// Every name but the last gets a line of its own, whole.
			out += index < names.length - 1 ? name + '\n' : cell(first, name);
		}

		out += details(top.details);
		if (top.children.length > 0 || spaced) {
			out += '\n';
		}

		for (const [index, child] of top.children.entries()) {
			out += cell(first, (index === top.children.length - 1 ? '└─ ' : '├─ ') + child.platform) + details(child.details) + '\n';
		}

		out += '\n';
	}

	return out;
}
