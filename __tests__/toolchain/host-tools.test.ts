import * as fs from "fs";
import * as path from "path";
import { HOST_TOOLS, pinnedModuleVersion, TOOLCHAIN_DIR } from "../../toolchain/tools";

// `npm run tools -- --hosts` builds each host tool's main package from its wrapper module (and checks
// that the binary reports the pinned version): the table and the wrappers must agree.
describe.each(HOST_TOOLS.map((tool) => [tool.name, tool] as const))("host tool %s", (_name, tool) => {
  const wrapper = path.join(TOOLCHAIN_DIR, "go", tool.wrapper);

  test("has a wrapper module whose tools.go imports its main package, with go.sum", () => {
    expect(fs.readFileSync(path.join(wrapper, "tools.go"), "utf8")).toContain(`import _ "${tool.mainPackage}"`);
    expect(tool.mainPackage.startsWith(`${tool.module}/`)).toBe(true);
    expect(fs.readFileSync(path.join(wrapper, "go.sum"), "utf8")).toContain(`${tool.module} ${pinnedModuleVersion(tool.wrapper, tool.module)} h1:`);
  });
});
