export interface RegistryOptions {
	/** Who may log in: {name: password}, written with `htpasswd -Bbn` (bcrypt). */
	users?: Record<string, string>;
	/** How long to wait for /v2/ to answer 401 (default 10 s). */
	timeoutMs?: number;
	/** Token auth (auth.token) from this issuer instead of htpasswd. */
	token?: {realm: string; service: string; issuer: string; certFile: string};
	/** storage.delete.enabled (default true); false: DELETE answers 405. */
	deleteEnabled?: boolean;
	/** Log every request to registry.log (default off). */
	accessLog?: boolean;
	/** HTTPS only, on `address` (an IP of this machine) with this certificate and key. */
	tls?: {address: string; cert: string; key: string; /** tls.clientcas: a client certificate signed by one of these is required; the start-up probe presents clientCert/clientKey. */ clientCas?: string[]; clientCert?: string; clientKey?: string};
}

export interface TestRegistry {
	port: number;
	/** 127.0.0.1:PORT (ADDRESS:PORT with tls), the registry part of image names and the credentials key. */
	host: string;
	/** config.yml, htpasswd, registry.log and the storage under data/. */
	dir: string;
	/** The registry's log file (its access log too, with accessLog). */
	log: string;
	/** SIGTERM (SIGKILL after 5 s), then removes dir. */
	stop(): Promise<void>;
	/** SIGKILL to the registry (a fault: transfers in flight are cut); the storage stays. */
	kill(): Promise<void>;
	/** Kills it if it runs, then starts it again on the same port with the same storage and users. */
	restart(): Promise<void>;
}

export interface RegistryResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export declare function startRegistry(options?: RegistryOptions): Promise<TestRegistry>;
/** GET on the registry's HTTP API, e.g. `/v2/team/app/tags/list`, with basic auth as [user, password]. */
export declare function registryGet(port: number, path: string, options?: {auth?: readonly [string, string]; accept?: string}): Promise<RegistryResponse>;
