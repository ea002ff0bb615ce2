import {useRef} from 'react';
import {scrollOffset} from './text.ts';

/** Scroll position of a list that follows its cursor like k9s or less do. */
export function useScrollOffset(cursor: number, count: number, height: number): number {
	const previous = useRef(0);
	previous.current = scrollOffset(previous.current, cursor, count, height);
	return previous.current;
}
