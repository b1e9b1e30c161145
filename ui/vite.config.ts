import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// The desk runs inside Tauri's webview: everything is bundled locally, nothing is fetched remotely.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  // Relative asset URLs work both under Tauri's custom protocol and from a plain file server.
  base: "./",
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.4x on Debian 12 handles ES2022 fine.
    target: "es2022",
  },
  // Component tests mount Svelte in happy-dom: use Svelte's browser build there, not the SSR one.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
}));
