import type {Action} from './actions.ts';
import {reducer} from './reducer.ts';
import type {State} from './state.ts';

export type Listener = (state: State, previous: State) => void;

/** A minimal external store: the UI reads it with useSyncExternalStore, effects subscribe to it. */
export type Store = {
	getState(): State;
	dispatch(action: Action): void;
	subscribe(listener: Listener): () => void;
};

export function createStore(initial: State): Store {
	let state = initial;
	const listeners = new Set<Listener>();
	return {
		getState: () => state,
		dispatch(action) {
			const previous = state;
			state = reducer(state, action);
			if (state !== previous) {
				for (const listener of listeners) {
					listener(state, previous);
				}
			}
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}
