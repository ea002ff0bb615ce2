// The offline base of every fixture and bench image: a folder holding the static
// busybox and a link per applet, ready for `tar | docker import`.
import {copyFileSync, mkdirSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {run} from './docker-cli.mjs';
import {staticBusybox} from './prereqs.mjs';

/** Fills `rootfs` (made if missing) and returns it. */
export async function busyboxRootfs(rootfs) {
	mkdirSync(path.join(rootfs, 'bin'), {recursive: true});
	copyFileSync(staticBusybox(), path.join(rootfs, 'bin/busybox'));
	const list = await run(path.join(rootfs, 'bin/busybox'), ['--list-full']);
	for (const applet of list.stdout.split('\n').filter(Boolean)) {
		const link = path.join(rootfs, applet);
		if (link === path.join(rootfs, 'bin/busybox')) continue;
		mkdirSync(path.dirname(link), {recursive: true});
		symlinkSync('/bin/busybox', link);
	}
	for (const dir of ['etc', 'root', 'tmp', 'var']) mkdirSync(path.join(rootfs, dir), {recursive: true});
	return rootfs;
}
