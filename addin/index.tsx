// Task-pane entry: waits for Office.js, then mounts the pane over the real workbook.
import './fabric-config.ts';
import { MessageBar, MessageBarType, initializeIcons } from '@fluentui/react';
import { createRoot } from 'react-dom/client';
import { TaskPane } from './app/TaskPane.tsx';
import { loadCatalogs } from './catalogs.ts';
import { officeSheetHost } from './office/office-host.ts';

function root() {
  const container = document.getElementById('root');
  if (!container) throw new Error('taskpane.html has no #root');
  initializeIcons();
  return createRoot(container);
}

function problem(text: string): void {
  root().render(<MessageBar messageBarType={MessageBarType.error} isMultiline>{text}</MessageBar>);
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
    root().render(<TaskPane host={officeSheetHost()} catalogs={loadCatalogs()} />);
  });
}
