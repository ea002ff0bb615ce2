export declare function debianMirror(text?: string): string;
export declare function enginePackages(suite: string): {root: string; path: string[]; cli: string; buildx?: string; versions: Record<string, string>};
