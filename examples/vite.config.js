// Vite: index.html and src/main.js into dist/vite. The package's wasm and CRC
// worker are found through new URL(..., import.meta.url) and copied as assets.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  // The dev server's dependency pre-bundling moves the package's JavaScript
  // to node_modules/.vite/deps, away from the .wasm and worker files its
  // new URL(..., import.meta.url) points at: serve the package as it is.
  optimizeDeps: { exclude: ['ossupload'] },
  build: { outDir: 'dist/vite', emptyOutDir: true },
});
