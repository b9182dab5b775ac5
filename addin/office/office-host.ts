/** The SheetHost over the real Office.js: each call is one Excel.run around an adapter. */
import type { SheetModel } from '../../shared/layout.ts';
import { CAPABILITY_WARNINGS, detectCapabilities, type Capabilities } from './capabilities.ts';
import { SheetRefusal } from './errors.ts';
import type { SheetHost, Unsubscribe } from './host.ts';
import { fitRows, readTemplate, selectCell, subscribeChanges } from './read.ts';
import { renderTemplate } from './render.ts';

export function officeSheetHost(
  capabilities: Capabilities = detectCapabilities((name, version) => Office.context.requirements.isSetSupported(name, version)),
): SheetHost {
  return {
    capabilities,
    readTemplate: () => Excel.run((ctx) => readTemplate(ctx, { nullObjects: capabilities.nullObjects })),
    selectCell: (address: string) => Excel.run((ctx) => selectCell(ctx, address)),
    createTemplate: (model: SheetModel) => {
      if (!capabilities.drawTemplate) return Promise.reject(new SheetRefusal(CAPABILITY_WARNINGS.drawTemplate));
      return Excel.run((ctx) => renderTemplate(ctx, model, capabilities));
    },
    ...(capabilities.autofit ? { fitRows: (rows: string) => Excel.run((ctx) => fitRows(ctx, rows)) } : {}),
    onChanged: async (cb: () => void): Promise<Unsubscribe> => {
      // Without change events (before ExcelApi 1.7) the pane shows a "Kiểm tra" button instead.
      if (!capabilities.changeEvents) return async () => {};
      const registration = await Excel.run((ctx) => subscribeChanges(ctx, () => cb()));
      if (!registration) return async () => {};
      // Removing a handler must use the context it was added with.
      return () =>
        Excel.run(registration.context, async (ctx) => {
          registration.remove();
          await ctx.sync();
        });
    },
  };
}
