import { parsePropertyString, printPropertyString } from "../../simulator/schema/property-string";
import { formatSize, parseSize, printConfigValue, propertyFormatOf } from "../../simulator/state/property-formats";

const net = propertyFormatOf("net0");
const drive = propertyFormatOf("scsi0");

describe("property strings (PVE::JSONSchema parse/print)", () => {
  test("a key alias: `virtio=<mac>` is model and macaddr, and prints back the same way", () => {
    const parsed = parsePropertyString(net, "virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1,tag=20");
    expect(parsed).toEqual({ ok: true, values: { model: "virtio", macaddr: "BC:24:11:00:00:01", bridge: "vmbr0", firewall: "1", tag: "20" } });
    expect(printPropertyString(net, parsed.ok ? parsed.values : {})).toBe("virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1,tag=20");
  });

  test("the default key takes the bare value; other keys print sorted; booleans are normalised", () => {
    const parsed = parsePropertyString(drive, "file=local-lvm:vm-100-disk-0,ssd=true,discard=on,iothread=yes,,");
    expect(parsed).toEqual({ ok: true, values: { file: "local-lvm:vm-100-disk-0", ssd: "1", discard: "on", iothread: "1" } });
    expect(printPropertyString(drive, parsed.ok ? parsed.values : {})).toBe("local-lvm:vm-100-disk-0,discard=on,iothread=1,ssd=1");
    expect(parsePropertyString(drive, "volume=local-lvm:8")).toEqual({ ok: true, values: { file: "local-lvm:8" } });
  });

  test("PVE's parse errors: duplicates, unknown keys, a key alias twice, a bare value without default key", () => {
    expect(parsePropertyString(net, "virtio,e1000")).toEqual({ ok: false, error: "duplicate key in comma-separated list property: model" });
    expect(parsePropertyString(net, "virtio,colour=red")).toEqual({ ok: false, error: "invalid key in comma-separated list property: colour" });
    expect(parsePropertyString(net, "model=virtio,e1000=BC:24:11:00:00:01")).toEqual({ ok: false, error: "key alias 'model' is already defined" });
    expect(parsePropertyString({ a: { type: "string" } }, "x")).toEqual({ ok: false, error: "value without key, but schema does not define a default key" });
    expect(parsePropertyString(net, "=x")).toEqual({ ok: false, error: "missing key in comma-separated list property" });
  });

  test("sizes as PVE parses and prints them; config values print sizes that way", () => {
    expect([parseSize("8G"), parseSize("1.5T"), parseSize("512"), parseSize("4M")]).toEqual([8 * 1024 ** 3, 1.5 * 1024 ** 4, 512, 4 * 1024 ** 2]);
    expect([formatSize(8 * 1024 ** 3), formatSize(1024 ** 4), formatSize(1536 * 1024 ** 2), formatSize(1000)]).toEqual(["8G", "1T", "1536M", "1000"]);
    expect(() => parseSize("8 GB")).toThrow("unable to parse size '8 GB'");
    expect(printConfigValue("scsi0", { file: "local-lvm:vm-100-disk-0", size: "8589934592", ssd: "1" })).toBe("local-lvm:vm-100-disk-0,size=8G,ssd=1");
  });
});
