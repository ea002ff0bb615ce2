// C: copy the selected (or marked) images to another open host, as
// `docker -H a save … | docker -H b load` does, streamed, with byte progress.
import type {Engine} from '../engine/engine.ts';
import {copyImages} from '../engine/image-copy.ts';
import {idChange, imageIdentity} from '../engine/image-identity.ts';
import {sanitizeLine} from '../format/sanitize.ts';
import {formatImageSize} from '../format/size.ts';
import type {JobRunner} from './job-runner.ts';
import {rowReference, targetRows} from './operations.ts';
import type {Store} from './store.ts';

export type Peer = {key: string; label: string; engine: Engine; connected: boolean};
/** The other open hosts, at the time of asking. */
export type Peers = () => Peer[];

// A copy between a containerd-store engine and a graph-driver one changes the image's ID.
async function idChanges(engine: Engine, peer: Peer, names: readonly string[]): Promise<string[]> {
	const changes = await Promise.all(names.map(async name => {
		const [here, there] = await Promise.all([engine.inspect(name), peer.engine.inspect(name)].map(async inspect => inspect.then(imageIdentity, () => undefined)));
		return idChange(sanitizeLine(name), here, there, peer.label);
	}));
	return changes.filter(change => change !== undefined);
}

export function createCopy(engine: Engine, store: Store, jobs: JobRunner, peers: Peers) {
	const {dispatch} = store;
	const copyTo = (peer: Peer) => {
		const rows = targetRows(store);
		const images = [...new Set(rows.map(row => rowReference(row)))];
		const title = `${images.length === 1 ? images[0]! : `${images.length} images`} → ${peer.label}`;
		void jobs.start('copy', title, async (signal, report) => {
			const loaded = await copyImages(engine, peer.engine, images, report.progress, done => report.bytes(done), signal);
			const names = loaded.length > 0 ? loaded : images;
			const changes = await idChanges(engine, peer, names);
			return `copied to ${peer.label}: ${names.join(', ')}${changes.length > 0 ? `; ${changes.join('; ')}` : ''}`;
		});
	};

	return {
		openCopy() {
			const rows = targetRows(store);
			if (rows.length === 0) {
				return;
			}

			const others = peers();
			if (others.length === 0) {
				dispatch({type: 'flash', text: 'Copy needs a second host: press c to open one, or start with --host A --host B.', tone: 'error'});
				return;
			}

			const size = rows.reduce((sum, row) => sum + row.size, 0);
			const what = rows.length === 1 ? rowReference(rows[0]!) : `${rows.length} images`;
			const options = others.map(peer => `${peer.label}${peer.connected ? '' : ' (not connected)'}`);
			dispatch({type: 'openDialog', dialog: {kind: 'choose', purpose: 'copyTo', title: `Copy ${what} (${formatImageSize(size)}) to which host?`, options, values: others.map(peer => peer.key), cursor: 0}});
		},
		/** The host picked in the choice (by its key). */
		copyToHost(key: string | undefined) {
			const peer = peers().find(other => other.key === key);
			if (!peer) {
				dispatch({type: 'flash', text: 'That host is no longer open.', tone: 'error'});
				return;
			}

			copyTo(peer);
		},
	};
}
