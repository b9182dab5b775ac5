import type { RuleSetRule } from 'webpack';

export function tsRule(root: string, options: { production: boolean }): RuleSetRule;
export const ICON_FONTS_PATTERN: { from: string; to: string };
export const ZOD_REEXPORT_RULE: RuleSetRule;
