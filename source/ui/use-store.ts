import {useSyncExternalStore} from 'react';
import type {State} from '../store/state.ts';
import type {Store} from '../store/store.ts';
import {pacedSubscribe} from './frame-pacer.ts';

export function useStoreState(store: Store): State {
	return useSyncExternalStore(pacedSubscribe(store.subscribe), store.getState, store.getState);
}
