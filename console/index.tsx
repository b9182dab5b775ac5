// The console's entry: Fluent configured for offline use, then the application.
import '../ui/fabric-config.ts';
import { initializeIcons } from '@fluentui/react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

initializeIcons();
const container = document.getElementById('root');
if (container) createRoot(container).render(<App />);
