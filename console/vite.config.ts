// Builds the operators' console into console/dist (npm run build:console); kefu serves it at /console.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/console/',
  // React 19's automatic JSX runtime, compiled by Vite's own transformer (no Babel plugin needed).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // antd marks its files "use client" for React Server Components; a plain SPA bundle may drop the directive.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
