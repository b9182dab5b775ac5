// Entry of an analysis thread (see pool.ts). The worker is TypeScript, run through tsx's loader,
// which a new thread has to register for itself. The plain JavaScript dependencies are loaded
// first, natively: through the loader each of their modules costs a round trip to its thread
// (zod alone, some 300 ms); the TypeScript modules then find them already loaded.
await Promise.all([import('zod'), import('fflate'), import('saxes')]);
const { register } = await import('tsx/esm/api');
register();
const { serveAnalyzeThread } = await import('./pool.ts');
await serveAnalyzeThread();
