// Moved to shared/a1.ts; kept only so addin/office/read.ts (edited on another branch) still builds.
// Once that branch is merged, read.ts imports '../../shared/a1.ts' and this file goes.
export * from '../../shared/a1.ts';
