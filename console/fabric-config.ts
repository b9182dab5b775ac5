/**
 * Import this before anything from @fluentui/react (as the pane does, addin/fabric-config.ts): no
 * web fonts from a CDN (fontBaseUrl ''), icon fonts from the console's own assets/icons/.
 */
export const ICON_BASE_URL = 'assets/icons/';

declare global {
  interface Window {
    FabricConfig?: { fontBaseUrl?: string; iconBaseUrl?: string };
  }
}

window.FabricConfig = { ...window.FabricConfig, fontBaseUrl: '', iconBaseUrl: ICON_BASE_URL };
