// Task-pane entry: waits for Office.js, then mounts the pane over the real workbook. taskpane.html
// loads this bundle only in webviews that can run it (not Internet Explorer or Edge Legacy).
import '../ui/fabric-config.ts';
import { MessageBar, MessageBarType } from '@fluentui/react';
import { createRoot } from 'react-dom/client';
import { browserSettingsStore } from './app/settings.ts';
import { TaskPane } from './app/TaskPane.tsx';
import { registerPaneIcons } from './icons.ts';
import { officeSheetHost } from './office/office-host.ts';
import { officeSubmitter } from './office/submitter.ts';

function root() {
  const container = document.getElementById('root');
  if (!container) throw new Error('taskpane.html has no #root');
  registerPaneIcons();
  return createRoot(container);
}

function problem(text: string): void {
  root().render(
    <main style={{ padding: 12 }}>
      <MessageBar messageBarType={MessageBarType.error} isMultiline>
        {text}
      </MessageBar>
    </main>,
  );
}

/** localStorage, or null where the webview refuses it (the pane then keeps settings in memory). */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

if (typeof Office === 'undefined') {
  // office.js comes from Microsoft's CDN: offline, or the page opened outside Office.
  problem('Không tải được thư viện Office.js. Hãy kiểm tra kết nối mạng rồi mở lại phần bổ trợ từ Excel.');
} else {
  void Office.onReady((info) => {
    if (info.host !== Office.HostType.Excel) {
      problem('Phần bổ trợ Phụ lục 1 chỉ chạy trong Excel.');
      return;
    }
    const submission = {
      submitter: officeSubmitter(),
      // Excel on the web partitions storage per add-in: key the settings with Office's partition key.
      store: browserSettingsStore(storage(), Office.context.partitionKey),
    };
    // No catalogue in the bundle: a template carries its own; “Tạo biểu mẫu” asks the worker.
    root().render(<TaskPane host={officeSheetHost()} submission={submission} />);
  });
}
