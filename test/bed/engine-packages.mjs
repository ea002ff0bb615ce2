// Newer engines for the matrix, fetched from the next Debian releases without
// touching the machine's own packages: CI reaches only Debian's mirror and npm,
// so the bed downloads and extracts the .debs itself and keeps them between runs.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const cacheRoot = process.env.STOWAGE_BED_CACHE ?? '/var/cache/stowage-bed';
// docker-cli: the tests compare stowage with the CLI that ships with the engine under test.
const packages = ['docker.io', 'containerd', 'docker-buildx', 'docker-cli'];
const debianSources = '/etc/apt/sources.list.d/debian.sources';
const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';

// The mirror is whatever this machine is configured with (a CI mirror, a snapshot):
// the first stanza that carries the release itself rather than its -security or -updates.
export function debianMirror(text = readFileSync(debianSources, 'utf8')) {
	const stanzas = text.split(/\n\s*\n/).map(stanza => Object.fromEntries(stanza.split('\n')
		.filter(line => /^[A-Za-z-]+:/.test(line))
		.map(line => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()])));
	const main = stanzas.find(stanza => stanza.URIs && (stanza.Suites ?? '').split(/\s+/).some(suite => suite && !suite.includes('-')));
	const uri = (main ?? stanzas.find(stanza => stanza.URIs))?.URIs?.split(/\s+/)[0];
	if (!uri) throw new Error(`test bed: no URIs: line in ${debianSources} to fetch newer engines from`);
	return uri;
}

function apt(dir, args, log) {
	const result = spawnSync('apt-get', [
		'-q', '-o', `Dir::Etc::SourceList=${path.join(dir, 'sources.list')}`, '-o', 'Dir::Etc::SourceParts=/dev/null',
		'-o', `Dir::State::Lists=${path.join(dir, 'lists')}`, '-o', `Dir::Cache=${path.join(dir, 'cache')}`, ...args,
	], {cwd: dir, encoding: 'utf8'});
	writeFileSync(log, `$ apt-get ${args.join(' ')}\n${result.stdout}${result.stderr}\n`, {flag: 'a'});
	if (result.status !== 0) throw new Error(`test bed: apt-get ${args[0]} for ${path.basename(dir)} failed (${result.status ?? result.error?.message}); see ${log}`);
}

function cached(stamp) {
	try {
		const versions = JSON.parse(readFileSync(stamp, 'utf8'));
		return packages.every(name => typeof versions[name] === 'string');
	} catch {
		return false;
	}
}

/**
 * The extracted engine of a Debian suite ('trixie', 'sid'): {root, path: dirs to put first in
 * PATH for dockerd, cli: a dir holding only its `docker` CLI, buildx: the CLI plugin or
 * undefined, versions: {package: version}}. Cached under /var/cache/stowage-bed/<suite>
 * (STOWAGE_BED_CACHE moves it); delete that dir to refetch.
 */
export function enginePackages(suite) {
	const dir = path.join(cacheRoot, suite);
	const root = path.join(dir, 'x');
	const cli = path.join(dir, 'cli');
	const stamp = path.join(dir, 'versions.json');
	if (!cached(stamp)) {
		const started = performance.now();
		mkdirSync(path.join(dir, 'lists', 'partial'), {recursive: true});
		mkdirSync(path.join(dir, 'cache', 'archives', 'partial'), {recursive: true});
		const log = path.join(dir, 'apt.log');
		writeFileSync(path.join(dir, 'sources.list'), `deb [signed-by=${keyring}] ${debianMirror()} ${suite} main\n`);
		apt(dir, ['update'], log);
		for (const old of readdirSync(dir).filter(name => name.endsWith('.deb'))) rmSync(path.join(dir, old));
		apt(dir, ['download', ...packages], log);
		// Extract into a fresh dir and rename it in place, so a run killed halfway leaves no half tree.
		const fresh = `${root}.new`;
		rmSync(fresh, {recursive: true, force: true});
		const versions = {};
		for (const deb of readdirSync(dir).filter(name => name.endsWith('.deb'))) {
			const result = spawnSync('dpkg-deb', ['-x', path.join(dir, deb), fresh], {encoding: 'utf8'});
			if (result.status !== 0) throw new Error(`test bed: dpkg-deb -x ${deb} failed: ${result.stderr}`);
			const [name, version] = deb.split('_');
			versions[name] = decodeURIComponent(version);
		}
		// Their runc needs glibc 2.38; without it dockerd finds the system's runc.
		rmSync(path.join(fresh, 'usr', 'sbin', 'runc'), {force: true});
		rmSync(path.join(fresh, 'usr', 'bin', 'runc'), {force: true});
		rmSync(root, {recursive: true, force: true});
		renameSync(fresh, root);
		// The tests' PATH gets this CLI first, and nothing else of the engine: a test's own
		// dockerd must still come from the kind it asks for.
		rmSync(cli, {recursive: true, force: true});
		mkdirSync(cli);
		symlinkSync(path.join(root, 'usr', 'bin', 'docker'), path.join(cli, 'docker'));
		writeFileSync(stamp, `${JSON.stringify(versions, null, '\t')}\n`);
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		console.log(`bed: fetched ${Object.entries(versions).map(([name, version]) => `${name} ${version}`).join(', ')} from ${suite} in ${seconds} s into ${dir}`);
	}
	const buildx = path.join(root, 'usr', 'libexec', 'docker', 'cli-plugins', 'docker-buildx');
	return {
		root,
		path: [path.join(root, 'usr', 'sbin'), path.join(root, 'usr', 'bin')],
		cli,
		buildx: existsSync(buildx) ? buildx : undefined,
		versions: JSON.parse(readFileSync(stamp, 'utf8')),
	};
}
