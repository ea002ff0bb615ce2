// Two scans read side by side (a comparison) often stream the same layer: the
// same archive key (a content digest, or dockerd's v1 id, which its chain id
// fixes) is the same tar. One scan hashes that layer's files; the other takes
// the hashes from it once both are done, so a shared gigabyte is hashed once.
import type {LayerRecord} from './types.ts';

export class SharedLayers {
	private readonly owners = new Map<string, LayerRecord>();
	private readonly borrowers: Array<{record: LayerRecord; owner: LayerRecord}> = [];

	/** Whether `record`'s scan must hash its files: false when another scan's layer of the same key does. */
	claim(record: LayerRecord): boolean {
		const owner = this.owners.get(record.key);
		if (!owner) {
			this.owners.set(record.key, record);
			return true;
		}

		this.borrowers.push({record, owner});
		return false;
	}

	/** After every scan has ended: the skipped hashes, entry by entry from the same tar read by the other scan. */
	settle(): void {
		for (const {record, owner} of this.borrowers) {
			const same = owner.error === undefined && owner.entries.length === record.entries.length;
			record.entries.forEach((entry, index) => {
				const from = owner.entries[index];
				if (entry.meta && entry.kind === 'file' && entry.meta.hash === undefined) {
					// A tar that did not read the same twice: its files count as changed, never as equal unseen.
					entry.meta.hash = same && from?.path === entry.path && from.size === entry.size && from.meta?.hash !== undefined ? from.meta.hash : `unread:${record.key}:${index}`;
				}
			});
		}

		this.borrowers.length = 0;
	}
}
