// Where plain HTTP is allowed, as the docker CLI and dockerd decide it: loopback
// registries, and the ones the engine lists as insecure (info.RegistryConfig:
// IndexConfigs[name].Secure === false, or an address inside InsecureRegistryCIDRs).
import {BlockList, isIP} from 'node:net';
import {asArray, asRecord} from '../raw.ts';

export type InsecurePolicy = {names: string[]; cidrs: string[]};

export const noInsecure: InsecurePolicy = {names: [], cidrs: []};

/** Reads `docker info`'s RegistryConfig. */
export function insecurePolicy(info: unknown): InsecurePolicy {
	const config = asRecord(asRecord(info).RegistryConfig);
	const names = Object.entries(asRecord(config.IndexConfigs))
		.filter(([, value]) => asRecord(value).Secure === false)
		.map(([name]) => name);
	const cidrs = asArray(config.InsecureRegistryCIDRs).filter((cidr): cidr is string => typeof cidr === 'string');
	return {names, cidrs};
}

/** "host:port" → host, "[::1]:5000" → ::1. */
export function hostOf(registry: string): string {
	const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(registry);
	if (bracket) {
		return bracket[1]!;
	}

	const colon = registry.lastIndexOf(':');
	return colon > 0 && !registry.slice(0, colon).includes(':') ? registry.slice(0, colon) : registry;
}

function inCidr(address: string, cidr: string): boolean {
	const [network, bits] = cidr.split('/');
	const family = isIP(network ?? '');
	const prefix = Number(bits);
	if (family === 0 || !Number.isInteger(prefix)) {
		return false;
	}

	const list = new BlockList();
	list.addSubnet(network!, prefix, family === 6 ? 'ipv6' : 'ipv4');
	const addressFamily = isIP(address);
	return addressFamily !== 0 && list.check(address, addressFamily === 6 ? 'ipv6' : 'ipv4');
}

export function isLoopback(host: string): boolean {
	return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** True when the registry may be spoken to over plain HTTP (or HTTPS without verification). */
export function isInsecure(registry: string, policy: InsecurePolicy): boolean {
	const host = hostOf(registry);
	if (isLoopback(host) || policy.names.includes(registry) || policy.names.includes(host)) {
		return true;
	}

	return isIP(host) !== 0 && policy.cidrs.some(cidr => inCidr(host, cidr));
}
