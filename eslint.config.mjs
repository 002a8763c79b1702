// Lint rules: typescript-eslint's recommended set, relaxed only where this code base has a
// reason (see each rule). Formatting is prettier's job, not the linter's.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "tests/fixtures/**",
      "**/dist/**",
      "node_modules/**",
      ".tools/**",
      ".pulumi-local/**",
      "**/.pulumi-local/**",
      "bench-results.json",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      // Wire payloads, JSON fixtures and the SDK's untyped gRPC structures are `any` by nature.
      "@typescript-eslint/no-explicit-any": "off",
      // `require` is how Pulumi's serialized providers and the SDK's internals are loaded.
      "@typescript-eslint/no-require-imports": "off",
      // Validators and their tests refuse control characters on purpose.
      "no-control-regex": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" },
    },
  },
);
