import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves the built UI from its wwwroot (git-ignored). `npm run dev` proxies the API
// to a server started with ./run.sh.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../src/Sage.Server/wwwroot',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8000', changeOrigin: false },
    },
  },
});
