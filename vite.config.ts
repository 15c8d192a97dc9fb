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
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
