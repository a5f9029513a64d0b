import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PROJECT_ROOT } from "../helpers";

/** The API report `npm run api` writes and `npm run api:check` compares (api-extractor). */
const API_REPORT = fs.readFileSync(path.join(PROJECT_ROOT, "etc", "homelab-cdktf.api.md"), "utf8");
const API_DOC = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "api.md"), "utf8");

/** The public entry point: what `homelab-cdktf` exports. */
const ENTRY_POINTS = ["index.ts"];

/** Whether a declaration carries a TSDoc comment (`/** ... *\/`) with some text. */
function hasTsDoc(node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && (doc.comment !== undefined || (doc.tags?.length ?? 0) > 0));
}

/** Members a consumer sees: every member of an interface, the public non-constructor members of a class. */
function publicMembers(declaration: ts.Declaration): ts.NamedDeclaration[] {
  if (ts.isInterfaceDeclaration(declaration)) return [...declaration.members];
  if (!ts.isClassDeclaration(declaration)) return [];
  return declaration.members.filter((member) => {
    if (ts.isConstructorDeclaration(member) || ts.isClassStaticBlockDeclaration(member)) return false;
    const modifiers = ts.getCombinedModifierFlags(member);
    return (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0 && !(member.name && ts.isPrivateIdentifier(member.name));
  });
}

/** The names index.ts exports, sorted, and `file: name` (or `file: name.member`) of every exported declaration or public member without TSDoc. */
function publicApi(): { names: string[]; undocumented: string[] } {
  const program = ts.createProgram(
    ENTRY_POINTS.map((entry) => path.join(PROJECT_ROOT, entry)),
    {
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      types: [],
      noLib: true,
      skipLibCheck: true,
    },
  );
  const checker = program.getTypeChecker();
  const seen = new Set<ts.Declaration>();
  const names: string[] = [];
  const undocumented: string[] = [];
  for (const entry of ENTRY_POINTS) {
    const source = program.getSourceFile(path.join(PROJECT_ROOT, entry));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${entry} is not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      names.push(exported.name);
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const declaration of symbol.declarations ?? []) {
        if (seen.has(declaration)) continue;
        seen.add(declaration);
        const where = `${path.relative(PROJECT_ROOT, declaration.getSourceFile().fileName)}: ${symbol.name}`;
        if (!hasTsDoc(declaration)) undocumented.push(where);
        for (const member of publicMembers(declaration)) {
          if (!hasTsDoc(member)) undocumented.push(`${where}.${member.name?.getText() ?? "(unnamed)"}`);
        }
      }
    }
  }
  return { names: names.sort(), undocumented };
}

/** The names an api-extractor report declares at its top level, sorted. */
function reportedNames(report: string): string[] {
  return [...report.matchAll(/^export (?:declare )?(?:abstract )?(?:class|interface|type|function|const|enum|namespace) (\w+)/gm)]
    .map((match) => match[1])
    .sort();
}

/** The backticked names in the "## Exports" table of docs/api.md, sorted. */
function documentedExports(doc: string): string[] {
  const section = doc.slice(doc.indexOf("## Exports"), doc.indexOf("\n## ", doc.indexOf("## Exports") + 1));
  const rows = section.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| area") && !line.startsWith("| ---"));
  return rows.flatMap((row) => [...row.split("|")[2].matchAll(/`(\w+)`/g)].map((match) => match[1])).sort();
}

describe("the public API", () => {
  const { names, undocumented } = publicApi();

  test("is what the committed API report records (run `npm run api` after changing it, and review etc/homelab-cdktf.api.md)", () => {
    expect(names).toEqual(reportedNames(API_REPORT));
  });

  test("is what docs/api.md lists under Exports", () => {
    expect(documentedExports(API_DOC)).toEqual(names);
  });

  test("docs/api.md imports only what the package exports", () => {
    const imported = [...API_DOC.matchAll(/import (?:type )?\{([^}]+)\} from "homelab-cdktf"/g)].flatMap((match) =>
      match[1].split(",").map((name) => name.replace(/^\s*type\s+/, "").trim()),
    );
    expect(imported.length).toBeGreaterThan(5);
    expect(imported.filter((name) => !names.includes(name))).toEqual([]);
  });

  test("has TSDoc on every exported symbol and every public member", () => {
    expect(undocumented).toEqual([]);
  });
});
