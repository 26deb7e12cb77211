// webpack 5: src/main.js into dist/webpack. new URL(..., import.meta.url)
// makes the package's wasm an asset/resource and its CRC worker a chunk; no
// loader, plugin or experiment is needed for the package.
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** Emits index.html with the script tag swapped for the bundle (no plugin dependency). */
class IndexHTML {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('IndexHTML', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'IndexHTML', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const html = readFileSync(here('./index.html'), 'utf8').replace('./src/main.js', './main.js');
        compilation.emitAsset('index.html', new compiler.webpack.sources.RawSource(html));
      });
    });
  }
}

export default {
  entry: here('./src/main.js'),
  output: { path: here('./dist/webpack'), filename: 'main.js', chunkFilename: '[name].[contenthash].js', assetModuleFilename: '[name].[contenthash][ext]', clean: true, publicPath: 'auto' },
  experiments: { outputModule: true },
  performance: { hints: false },
  plugins: [new IndexHTML()],
};
