import * as path from "path";
import * as ts from "typescript";
import { PROJECT_ROOT } from "../helpers";

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

/** `file: name` (or `file: name.member`) of every exported declaration or public member without TSDoc. */
function undocumentedExports(): { exported: number; undocumented: string[] } {
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
  const undocumented: string[] = [];
  for (const entry of ENTRY_POINTS) {
    const source = program.getSourceFile(path.join(PROJECT_ROOT, entry));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${entry} is not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
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
  return { exported: seen.size, undocumented };
}

describe("public API documentation", () => {
  test("every exported symbol and every public member of the entry points has TSDoc", () => {
    const { exported, undocumented } = undocumentedExports();
    expect(exported).toBeGreaterThan(50);
    expect(undocumented).toEqual([]);
  });
});
