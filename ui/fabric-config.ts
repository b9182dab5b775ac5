/**
 * The Fluent UI set-up of both pages, the task pane and the console (the front ends share this
 * folder). Import this before anything from @fluentui/react. Fluent v8 registers its web fonts when its
 * modules load, from window.FabricConfig:
 *  - fontBaseUrl '' registers no Segoe UI web fonts (the pane uses the system's fonts, so it
 *    never fetches fonts from a CDN);
 *  - iconBaseUrl points initializeIcons() at the icon fonts copied next to the page
 *    (webpack copies @fluentui/font-icons-mdl2/fonts to assets/icons/ of each page).
 */
export const ICON_BASE_URL = 'assets/icons/';

declare global {
  interface Window {
    FabricConfig?: { fontBaseUrl?: string; iconBaseUrl?: string };
  }
}

window.FabricConfig = { ...window.FabricConfig, fontBaseUrl: '', iconBaseUrl: ICON_BASE_URL };
