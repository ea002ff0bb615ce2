// Makes sure the real parts the bed drives are on this machine. CI may run on a
// fresh Debian machine, so on one where we are root we install them ourselves.
import {spawnSync} from 'node:child_process';
import {accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const busyboxPaths = ['/bin/busybox', '/usr/bin/busybox'];

// Which Debian package brings each tool: dockerd needs containerd and runc to run anything.
const tools = [
	{name: 'dockerd', pkg: 'docker.io'},
	{name: 'containerd', pkg: 'docker.io'},
	{name: 'runc', pkg: 'docker.io'},
	{name: 'docker', pkg: 'docker.io'},
	{name: 'tmux', pkg: 'tmux'},
	// The transport tests: an sshd of their own, keys and an agent, certificates for TLS.
	{name: 'sshd', pkg: 'openssh-server'},
	{name: 'ssh-keygen', pkg: 'openssh-client'},
	{name: 'ssh-agent', pkg: 'openssh-client'},
	{name: 'ssh-add', pkg: 'openssh-client'},
	{name: 'openssl', pkg: 'openssl'},
	// The registry tests: a real registry (distribution) with htpasswd users.
	{name: 'docker-registry', pkg: 'docker-registry'},
	{name: 'htpasswd', pkg: 'apache2-utils'},
	// The HTTPS registry test serves on an address of its own it adds to lo.
	{name: 'ip', pkg: 'iproute2'},
	// zstd-compressed layer fixtures (the scan reads them with fzstd; the tool only writes them).
	{name: 'zstd', pkg: 'zstd'},
];
const allPackages = ['docker.io', 'busybox-static', 'tmux', 'openssh-server', 'openssh-client', 'openssl', 'docker-registry', 'apache2-utils', 'iproute2', 'zstd'];

function onPath(name) {
	// PATH may lack the sbin dirs for a non-login shell; dockerd lives in /usr/sbin.
	const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/sbin', '/sbin'];
	return dirs.filter(Boolean).some(dir => {
		try {
			accessSync(path.join(dir, name), constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}

// A dynamic busybox cannot run inside an image that holds nothing else, so
// the base fixture needs the static one: an ELF without a PT_INTERP header.
export function isStaticElf(file) {
	let fd;
	try {
		fd = openSync(file, 'r');
		const head = Buffer.alloc(64);
		readSync(fd, head, 0, 64, 0);
		if (head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2 || head[5] !== 1) return false;
		const phoff = Number(head.readBigUInt64LE(0x20));
		const phentsize = head.readUInt16LE(0x36);
		const phnum = head.readUInt16LE(0x38);
		const table = Buffer.alloc(phentsize * phnum);
		readSync(fd, table, 0, table.length, phoff);
		for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) return false;
		return true;
	} catch {
		return false;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

export function staticBusybox() {
	return busyboxPaths.find(file => existsSync(file) && isStaticElf(file));
}

function missingPackages(extra) {
	const pkgs = new Set([...tools, ...extra].filter(tool => !onPath(tool.name)).map(tool => tool.pkg));
	if (!staticBusybox()) pkgs.add('busybox-static');
	return [...pkgs];
}

function apt(args, log) {
	const out = openSync(log, 'a');
	try {
		const result = spawnSync('apt-get', args, {
			stdio: ['ignore', out, out],
			env: {...process.env, DEBIAN_FRONTEND: 'noninteractive', NEEDRESTART_MODE: 'a'},
		});
		return result.status === 0;
	} finally {
		closeSync(out);
	}
}

/** `extra`: more tools an optional part of the bed needs, as `{name, pkg}` (podman.mjs: podman). */
export function ensurePrereqs(extra = []) {
	const packages = [...new Set([...allPackages, ...extra.map(tool => tool.pkg)])];
	const missing = missingPackages(extra);
	if (missing.length === 0) return;
	const canApt = process.getuid?.() === 0 && existsSync('/etc/debian_version');
	if (!canApt) {
		throw new Error(`test bed: missing ${missing.join(' ')}; install the Debian packages ${packages.join(' ')} (as root on Debian the bed installs them itself)`);
	}
	const started = performance.now();
	const log = path.join(mkdtempSync('/tmp/stowage-apt-'), 'apt.log');
	// Without a policy-rc.d the docker.io, openssh-server and docker-registry postinsts would start system daemons we do not want.
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !existsSync(policy);
	if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', {mode: 0o755});
	let ok;
	try {
		ok = apt(['update', '-q'], log) && apt(['install', '-y', '-q', ...packages], log);
	} finally {
		if (ownPolicy) rmSync(policy, {force: true});
	}
	const still = missingPackages(extra);
	const seconds = ((performance.now() - started) / 1000).toFixed(1);
	if (!ok || still.length > 0) {
		throw new Error(`test bed: apt-get install failed (${seconds} s), still missing: ${still.join(' ') || 'none'}; see ${log}`);
	}
	console.log(`bed: apt-get installed ${packages.join(' ')} (was missing: ${missing.join(' ')}) in ${seconds} s, log ${log}`);
}
