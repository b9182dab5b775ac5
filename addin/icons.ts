/**
 * Registers only the Fluent UI icons the pane shows (about fifteen, from six of the eighteen MDL2
 * font files), instead of initializeIcons() registering all ~1 900. The table is
 * addin/build/icons.json; webpack copies the same font files next to the page (assets/icons/, see
 * ui/fabric-config.ts). An icon used but not listed makes Fluent log a warning, which the browser
 * tests treat as a failure.
 */
import { registerIcons } from '@fluentui/react';
import table from './build/icons.json';
import { ICON_BASE_URL } from '../ui/fabric-config.ts';

interface FontEntry {
  family: string;
  icons: Record<string, string>;
}

let done = false;

export function registerPaneIcons(baseUrl: string = ICON_BASE_URL): void {
  if (done) return;
  done = true;
  for (const [file, font] of Object.entries(table.fonts as Record<string, FontEntry>)) {
    registerIcons({
      style: { MozOsxFontSmoothing: 'grayscale', WebkitFontSmoothing: 'antialiased', fontStyle: 'normal', fontWeight: 'normal', speak: 'none' },
      fontFace: { fontFamily: `"${font.family}"`, src: `url('${baseUrl}${file}') format('woff')` },
      icons: Object.fromEntries(Object.entries(font.icons).map(([name, code]) => [name, String.fromCharCode(parseInt(code, 16))])),
    });
  }
}
