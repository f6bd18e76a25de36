import { defineConfig } from 'vite';

// The pages are built into the server's web root and served by PoaPlatform.Server at "/";
// `npm run dev` proxies /graphql (HTTP and WebSocket) to a server started with `dotnet run`.
export default defineConfig({
  base: '/',
  build: {
    outDir: '../src/PoaPlatform.Server/wwwroot/dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://localhost:5000', ws: true },
    },
  },
});
