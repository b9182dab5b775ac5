import type { RuleSetRule } from 'webpack';

export function tsRule(root: string, options: { production: boolean }): RuleSetRule;
export const CATALOG_RULE: RuleSetRule;
export const ICON_FONT_FILES: string[];
export const ICON_FONTS_PATTERNS: { from: string; to: string }[];
