import { describe, expect, it } from "vitest";
import { RegionMatcher, regionEntry } from "../../src/knowledge/regions.ts";

describe("regions named by policies", () => {
  it("should read a district named with its city as the district talents say", () => {
    const e = regionEntry("海城市白沙区");
    expect(e.key).toBe("baisha");
    expect(e.zhNames).toEqual(expect.arrayContaining(["海城市白沙区", "白沙区", "白沙"]));
    expect(e.cityLevel).toBe(false);
    expect(regionEntry("Baisha District, Haicheng").key).toBe("baisha");
    expect(regionEntry("梧桐市").cityLevel).toBe(true);
  });

  it("should treat the district most of a corpus's policies are for as the corpus's own, not as a district giving way to the city", () => {
    // A district's own desk: its policies are the local ones, and nothing city-wide outranks them.
    const district = new RegionMatcher(["海城市白沙区", "海城市白沙区", "海城市白沙區", "Baisha District, Haicheng"]);
    expect(district.districtKey("海城市白沙区")).toBeUndefined();
    // A city's desk: a district's top-up is that district's.
    const city = new RegionMatcher(["梧桐市", "梧桐市", "Wutong City", "东湖区", "南湾区"]);
    expect(city.districtKey("东湖区")).toBe("donghu");
    expect(city.districtKey("梧桐市")).toBeUndefined();
  });
});
