// Placeholder task-pane entry: shows "Đang tải…" once Office.js is ready.
import { createRoot } from 'react-dom/client';
import { Text, initializeIcons } from '@fluentui/react';

function mount(): void {
  const container = document.getElementById('root');
  if (!container) return;
  initializeIcons();
  createRoot(container).render(<Text variant="large">Đang tải…</Text>);
}

if (typeof Office !== 'undefined') {
  void Office.onReady(() => mount());
} else {
  // office.js failed to load (offline, or opened outside Office): still show something.
  mount();
}
