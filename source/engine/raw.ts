// Readers for untrusted engine JSON: the wrong type reads as empty, every string is
// neutralized for the terminal.
import {sanitizeLine} from '../format/sanitize.ts';

export type Raw = Record<string, unknown>;

export const asRecord = (value: unknown): Raw => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Raw : {});
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const asNumber = (value: unknown, fallback = 0): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
export const asString = (value: unknown): string => (typeof value === 'string' ? sanitizeLine(value) : '');
export const asStrings = (value: unknown): string[] => asArray(value).filter(item => typeof item === 'string').map(item => sanitizeLine(item as string));
