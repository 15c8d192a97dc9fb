import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer bundle: served by browser mode and loaded by Electron from app://.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No source maps: browser mode and the packaged app would hand the whole source, comments
    // included, to anyone who can load the page (issue 15).
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
