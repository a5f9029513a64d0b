// ESLint (flat config): the recommended rules of ESLint and typescript-eslint, without type
// information (fast enough for every `npm test`). Formatting is Prettier's (.prettierrc.json).
const js = require("@eslint/js");
const globals = require("globals");
const tseslint = require("typescript-eslint");

module.exports = tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      ".gen/",
      "cdktf.out/",
      "examples/consumer/node_modules/",
      "examples/consumer/build/",
      "examples/consumer/cdktf.out/",
      "ansible/",
      "packer/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // CommonJS scripts run by node directly
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off", "no-redeclare": ["error", { builtinGlobals: false }] },
  },
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { disallowTypeAnnotations: false }],
    },
  },
  {
    // tests read synthesized JSON, whose shape is the provider's
    files: ["__tests__/**/*.ts", "examples/consumer/__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
