import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Browser tests need Debian's Chromium. CI (CI=true) installs it and requires the tests; on a
// machine without it they are left out with a warning rather than failing.
const browser = existsSync('/usr/bin/chromium') || Boolean(process.env.CI);
if (!browser) console.warn('Không thấy /usr/bin/chromium: bỏ qua các kiểm thử trình duyệt (apt-get install chromium để chạy).');

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['**/node_modules/**', ...(browser ? [] : ['tests/**/*.browser.test.ts'])],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
