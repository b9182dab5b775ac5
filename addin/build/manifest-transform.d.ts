export declare const DEV_URL: string;
export declare const DEFAULT_PROD_URL: string;
export declare const PROD_URL_ENV: string;
export declare function resolveProdUrl(env?: Record<string, string | undefined>): string;
export declare function transformManifest(xml: string, prodUrl?: string): string;
