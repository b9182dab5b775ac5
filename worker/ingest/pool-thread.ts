// Entry of an analysis thread (see pool.ts).
import { serveAnalyzeThread } from './pool.ts';

await serveAnalyzeThread();
