import { renderPackerVarFile, renderPackerVars } from "../../artifacts/packer-vars";
import { bundledModels, patchedEnvironment, resolveInput } from "../helpers";

describe("renderPackerVarFile", () => {
  it.each(bundledModels().map((model) => [model.name, model] as const))("renders the %s var file", (_name, model) => {
    expect(renderPackerVarFile(model)).toMatchSnapshot();
  });

  it("lists only the templates some machine clones", () => {
    const model = resolveInput(patchedEnvironment((document) => void document.machines.splice(1)));
    expect(Object.keys(renderPackerVars(model).templates)).toEqual(["debian-12"]);
  });
});
