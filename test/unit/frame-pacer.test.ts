// The frame pacer (source/ui/frame-pacer.ts): a key's changes are heard at once, other
// changes at most once per 33 ms frame, on a fake clock.
import assert from 'node:assert/strict';
import {mock, test} from 'node:test';
import {duringInput, pacedSubscribe} from '../../source/ui/frame-pacer.ts';

function source() {
	const listeners = new Set<() => void>();
	return {
		subscribe(listener: () => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		change() {
			for (const listener of listeners) {
				listener();
			}
		},
	};
}

test('changes from the engine are heard at most once a frame, a key\'s at once with what was waiting', () => {
	mock.timers.enable({apis: ['setTimeout', 'Date'], now: 1_000_000});
	try {
		const store = source();
		const subscribe = pacedSubscribe(store.subscribe);
		assert.equal(pacedSubscribe(store.subscribe), subscribe, 'one paced subscribe per store (useSyncExternalStore keeps its subscription)');
		let heard = 0;
		const unsubscribe = subscribe(() => heard++);
		store.change();
		assert.equal(heard, 1, 'the first change after a quiet spell at once');
		store.change();
		store.change();
		assert.equal(heard, 1, 'more in the same frame wait');
		mock.timers.tick(32);
		assert.equal(heard, 1);
		mock.timers.tick(1);
		assert.equal(heard, 2, 'heard once, at the frame\'s end');

		store.change();
		assert.equal(heard, 2, 'a frame after the last one');
		duringInput(() => {
			store.change();
			store.change();
			assert.equal(heard, 2, 'not while the key is handled');
		});
		assert.equal(heard, 3, 'once the key is handled, at once, with the change that waited');
		mock.timers.tick(100);
		assert.equal(heard, 3, 'nothing left over');

		duringInput(() => {});
		assert.equal(heard, 3, 'a key that changed nothing draws nothing');
		store.change();
		assert.equal(heard, 4);
		store.change();
		unsubscribe();
		mock.timers.tick(100);
		assert.equal(heard, 4, 'a listener unsubscribed while a change waited hears nothing more');
	} finally {
		mock.timers.reset();
	}
});
