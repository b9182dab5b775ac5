export function validateCatalogText(text: string, source: string): Promise<string>;
export default function catalogLoader(this: unknown, text: string): void;
