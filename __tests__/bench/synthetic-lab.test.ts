import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeSyntheticLab } from "../../bench/synthetic-lab";
import { loadProjectEnvironments } from "../../main";
import { PROJECT_ROOT } from "../helpers";

/** Loads a synthetic lab the way main.ts loads HOMELAB_ENVIRONMENTS_DIR. */
const loadEnvironmentDirectory = (dir: string) => loadProjectEnvironments(PROJECT_ROOT, dir, dir);

describe("synthetic benchmark labs", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "synthetic-lab-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    [10, 2],
    [1000, 4],
  ])("%i machines pass every validation rule, spread over %i environments", (machines, environments) => {
    writeSyntheticLab(dir, machines);
    const models = loadEnvironmentDirectory(dir);
    expect(models.map((model) => model.name)).toEqual(Array.from({ length: environments }, (_, index) => `site${index + 1}`));
    expect(models.reduce((sum, model) => sum + model.machines.length, 0)).toBe(machines);
    const perEnvironment = models.map((model) => model.machines.length);
    expect(Math.max(...perEnvironment) - Math.min(...perEnvironment)).toBeLessThanOrEqual(1);
  });

  it("gives every environment one machine of each infrastructure persona, then docker hosts", () => {
    writeSyntheticLab(dir, 100);
    const [site1] = loadEnvironmentDirectory(dir);
    const personas = site1.machines.map((machine) => machine.persona.name);
    expect(personas.slice(0, 4)).toEqual(["networking", "certificate-authority", "time-server", "monitoring"]);
    expect(new Set(personas.slice(4))).toEqual(new Set(["docker-host"]));
  });

  it("refuses more environments than machines", () => {
    expect(() => writeSyntheticLab(dir, 3, 4)).toThrow("cannot spread 3 machines over 4 environments");
  });
});
