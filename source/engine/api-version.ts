// dockerode never negotiates: we ask /version and pin the lower of the daemon's
// API and the newest we understand, never below what the daemon still accepts.
export const newestSupportedApi = '1.52';

function compare(a: string, b: string): number {
	const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
	const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
	return aMajor === bMajor ? aMinor - bMinor : aMajor - bMajor;
}

export function pinApiVersion(daemonApi: unknown, daemonMinimum: unknown): string {
	const api = typeof daemonApi === 'string' && /^\d+\.\d+$/.test(daemonApi) ? daemonApi : '1.24';
	let pinned = compare(api, newestSupportedApi) < 0 ? api : newestSupportedApi;
	if (typeof daemonMinimum === 'string' && /^\d+\.\d+$/.test(daemonMinimum) && compare(pinned, daemonMinimum) < 0) {
		pinned = daemonMinimum;
	}

	return pinned;
}

export function apiAtLeast(version: string, minimum: string): boolean {
	return compare(version, minimum) >= 0;
}
