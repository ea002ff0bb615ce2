// The pager's text for one file of an image: text as sanitized lines, anything
// else as a hex dump; a big file as its first part, a line saying how much is
// left out, and its last part. A symlink or hard link says where it points. Pure.
import type {FileContent} from '../analysis/layer-file.ts';
import {formatImageSize} from '../format/size.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import {unifiedHunks} from '../format/unified-diff.ts';

/** What the pager reads of a file: its first and last parts. */
export const pagerLimits = {head: 256 * 1024, tail: 64 * 1024};

/** NUL, or more than a tenth of other control bytes: not text. */
export function isBinary(bytes: Buffer): boolean {
	let controls = 0;
	for (const byte of bytes.subarray(0, 8192)) {
		if (byte === 0) {
			return true;
		}

		if (byte < 0x20 && byte !== 0x09 && byte !== 0x0A && byte !== 0x0D && byte !== 0x0C) {
			controls++;
		}
	}

	return controls * 10 > Math.min(bytes.length, 8192);
}

const printable = (byte: number) => (byte >= 0x20 && byte < 0x7F ? String.fromCharCode(byte) : '.');

export function hexLines(bytes: Buffer, offset: number): string[] {
	const lines: string[] = [];
	for (let at = 0; at < bytes.length; at += 16) {
		const row = bytes.subarray(at, at + 16);
		const hex = [...row].map(byte => byte.toString(16).padStart(2, '0'));
		const left = hex.slice(0, 8).join(' ');
		const right = hex.slice(8).join(' ');
		lines.push(`${(offset + at).toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${[...row].map(printable).join('')}|`);
	}

	return lines;
}

function textLines(bytes: Buffer, cutStart: boolean, cutEnd: boolean): string[] {
	const lines = bytes.toString('utf8').replaceAll('\t', '    ').split('\n');
	if (cutStart) {
		// The tail starts inside a line: from the next whole one.
		lines.shift();
	}

	if (cutEnd || lines.at(-1) === '') {
		lines.pop();
	}

	return lines.map(line => sanitizeLine(line.replace(/\r$/, '')));
}

export type FileView = {heading: string[]; lines: string[]};

export function fileView(file: FileContent, step: number): FileView {
	const where = `${sanitizeLine(file.path)} as of step ${step}`;
	const mode = file.mode.toString(8).padStart(4, '0');
	if (file.kind === 'symlink' || file.kind === 'hardlink') {
		return {heading: [`${where} · ${file.kind === 'symlink' ? 'symbolic link' : 'hard link'}`], lines: [`→ ${sanitizeLine(file.link ?? '')}`]};
	}

	if (file.kind !== 'file') {
		return {heading: [`${where} · ${file.kind === 'dir' ? 'directory' : 'special file'} · mode ${mode}`], lines: []};
	}

	const binary = isBinary(file.head);
	const heading = [`${where} · ${formatImageSize(file.size)} · mode ${mode} · ${binary ? 'binary, as hex' : 'text'}${file.tail ? ` · first ${formatImageSize(file.head.length)} and last ${formatImageSize(file.tail.length)} shown` : ''}`];
	const render = (bytes: Buffer, offset: number, cutStart: boolean, cutEnd: boolean) => (binary ? hexLines(bytes, offset) : textLines(bytes, cutStart, cutEnd));
	if (!file.tail) {
		return {heading, lines: render(file.head, 0, false, false)};
	}

	const skipped = file.size - file.head.length - file.tail.length;
	return {heading, lines: [
		...render(file.head, 0, false, true),
		`… ${formatImageSize(skipped)} not shown …`,
		...render(file.tail, file.size - file.tail.length, true, false),
	]};
}

/** A changed file's two versions as `diff -u` shows them; binary or cut files by their sizes only. */
export function diffView(path: string, a: FileContent, b: FileContent): FileView {
	const name = sanitizeLine(path);
	const sizes = `${formatImageSize(a.size)} → ${formatImageSize(b.size)}`;
	if (a.tail || b.tail || isBinary(a.head) || isBinary(b.head)) {
		return {heading: [`${name} · ${sizes}`], lines: [`${a.tail || b.tail ? 'too big for a diff here' : 'binary'}: the contents differ (${sizes})`]};
	}

	const split = (text: string) => {
		const lines = text.split('\n');
		if (lines.at(-1) === '') {
			lines.pop();
		}

		return lines;
	};

	const hunks = unifiedHunks(split(a.head.toString('utf8')), split(b.head.toString('utf8')));
	if (!hunks) {
		return {heading: [`${name} · ${sizes}`], lines: ['too many differences for a diff here']};
	}

	return {heading: [`${name} · ${sizes} · unified diff`], lines: [`--- ${name}`, `+++ ${name}`, ...hunks.map(line => sanitizeLine(line.replaceAll('\t', '    ')))]};
}
