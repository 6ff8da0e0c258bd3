import { describe, expect, it } from "vitest";
import type { DocMeta } from "../../src/knowledge/document.ts";
import { deferredTo } from "../../src/knowledge/references.ts";

const doc = (id: string, title: string, extra: Partial<DocMeta> = {}): DocMeta => ({ id, title, topic: "schooling", lang: "zh", path: `${id}.md`, ...extra });
const DOCS = [
  doc("checklist", "人才子女入学材料清单及办理时限"),
  doc("measures", "梧桐市高层次人才子女入学保障实施办法"),
  doc("measures-en", "Implementing Measures for School Enrolment", { lang: "en", translationOf: "measures" }),
];

describe("deferredTo: the policies a text leaves a matter to", () => {
  it("should find a policy named as where the matter is settled, by its title, in either script", () => {
    expect(deferredTo("第十三条　申请材料按《人才子女入学材料清单及办理时限》执行。", DOCS)).toEqual(["checklist"]);
    expect(deferredTo("申請材料詳見《人才子女入學材料清單及辦理時限》。", DOCS)).toEqual(["checklist"]);
  });

  it("should not take the policy a text is based on ('根据《…》制定') for one it defers to", () => {
    expect(deferredTo("第一条　根据《梧桐市高层次人才子女入学保障实施办法》，结合本区实际，制定本细则。", DOCS)).toEqual([]);
  });

  it("should name a translated policy by its policy id, and ignore titles the corpus does not have", () => {
    expect(deferredTo("其余事项按《梧桐市高层次人才子女入学保障实施办法》办理；学费按《某某收费办法》执行。", DOCS)).toEqual(["measures"]);
  });
});
