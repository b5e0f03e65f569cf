export function resolve(...paths: string[]): string;
export function dirname(path: string): string;
export function join(...paths: string[]): string;
