// Vite: index.html and src/main.js into dist/vite. The package's wasm and CRC
// worker are found through new URL(..., import.meta.url) and copied as assets.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { outDir: 'dist/vite', emptyOutDir: true },
});
