// The layering of docs/design.md ("Layout: folders along the data flow"), checked by `npm run lint`
// (part of `npm test`): imports go down main.ts -> synth/ -> stacks/ -> personas/, artifacts/ ->
// constructs/ -> environment/ (load/ -> rules/ -> the core). A violation names the import and the rule.

/** Folders of the library, top first. */
const ABOVE_ENVIRONMENT = "^(main\\.ts|index\\.ts|synth|stacks|personas|artifacts|constructs)/?";
const TOOLS = "^(checks|scripts|bench|toolchain|__tests__|examples)/";
const CDKTF_PACKAGES = "^node_modules/(cdktf|constructs|@cdktf)/";

/** A rule that files matching `from` must not import files matching `to`. */
function forbid(name, comment, from, to) {
  return { name, comment, severity: "error", from: { path: from }, to: { path: to } };
}

module.exports = {
  forbidden: [
    { name: "no-circular", comment: "modules must not import each other in a circle", severity: "error", from: {}, to: { circular: true } },
    { name: "not-to-unresolvable", comment: "every import must resolve", severity: "error", from: {}, to: { couldNotResolve: true } },

    forbid(
      "library-not-to-tools",
      "the library never imports checks, scripts, bench, tests or examples",
      "^(main\\.ts|index\\.ts|synth|stacks|personas|artifacts|constructs|environment)/?",
      TOOLS,
    ),

    forbid("environment-is-the-core", "environment/ knows nothing above it", "^environment/", ABOVE_ENVIRONMENT),
    forbid(
      "environment-without-cdktf",
      "environment/ is plain TypeScript: no cdktf, no constructs, no bindings",
      "^environment/",
      `${CDKTF_PACKAGES}|^\\.gen/`,
    ),
    forbid(
      "environment-core-not-to-rules-or-load",
      "environment/*.ts is the core: rules/ and load/ build on it",
      "^environment/[^/]+$",
      "^environment/(rules|load)/",
    ),
    forbid(
      "environment-registry-in-the-core",
      "environment/registry/ (the machine registry: format, reconciliation, its rules) is part of the core that resolution uses; rules/ and load/ build on it",
      "^environment/registry/",
      "^environment/(rules|load)/",
    ),
    forbid(
      "environment-rules-not-to-load",
      "environment/rules/ is used by environment/load/, not the other way round",
      "^environment/rules/",
      "^environment/load/",
    ),

    {
      name: "constructs-props-only",
      comment: "constructs/ know nothing of environments or personas: from environment/ they use the shared zod primitives and their wording only",
      severity: "error",
      from: { path: "^constructs/" },
      to: {
        path: "^(main\\.ts|index\\.ts|synth|stacks|personas|artifacts)/?|^environment/",
        pathNot: "^environment/(primitives|schema-check|schema-messages|schema-keys|issues|did-you-mean)\\.ts$",
      },
    },
    forbid(
      "artifacts-are-pure",
      "artifacts/ render strings from the model: no constructs, personas, stacks or cdktf",
      "^artifacts/",
      `^(main\\.ts|index\\.ts|synth|stacks|personas|constructs)/?|${CDKTF_PACKAGES}|^\\.gen/`,
    ),
    forbid("personas-below-stacks", "personas/ build on constructs/ and environment/ only", "^personas/", "^(main\\.ts|index\\.ts|synth|stacks|artifacts)/?"),
    forbid("stacks-below-synth", "stacks/ compose personas, artifacts and constructs; synthesis is synth/'s", "^stacks/", "^(main\\.ts|index\\.ts|synth)/?"),
    forbid("synth-below-main", "synth/ is used by main.ts", "^synth/", "^(main\\.ts|index\\.ts)$"),
    {
      name: "tools-apart",
      comment: "checks/, scripts/ and bench/ use the library, not each other",
      severity: "error",
      from: { path: "^(checks|scripts|bench)/" },
      to: { path: "^(checks|scripts|bench)/", pathNot: "^$1/" },
    },
    forbid(
      "checks-on-their-own",
      "checks/ reads synthesized JSON; from the library it shares only environment/'s wording helpers",
      "^checks/",
      ABOVE_ENVIRONMENT,
    ),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|cdktf\\.out|examples)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
  },
};
