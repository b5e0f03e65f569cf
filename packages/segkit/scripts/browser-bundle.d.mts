// Types of browser-bundle.mjs.
export declare const KERNEL_GZIP_BUDGET: number;
export declare const BUNDLE_GZIP_BUDGET: number;
export interface NodeImport { spec: string; importer: string }
export declare function browserBundle(entry?: string | { contents: string }): Promise<{ nodeImports: NodeImport[]; bytes: number; gzip: number }>;
export declare function kernelSize(): { wasm: number; wasmGzip: number; embed: number; embedGzip: number };
