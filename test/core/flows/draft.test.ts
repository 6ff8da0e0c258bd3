import { describe, expect, it } from "vitest";
import { detectCategory, detectPriority, summarize } from "../../../src/core/flows/draft/classify.ts";
import { extractDate } from "../../../src/core/flows/draft/dates.ts";
import { applyAnswer, extractDraft, isSkip, missingField, newDraft, readDraft, type Draft } from "../../../src/core/flows/draft/draft.ts";
import { CHAT_CONTACT, extractAddress, extractChild, extractContact, extractDistrict, extractHospital, parseField } from "../../../src/core/flows/draft/fields.ts";

/** Districts as the demo corpus names them (city-level names are ignored). */
const DISTRICTS = ["东湖区", "南湾区", "西山区", "高新区", "梧桐市", "Wutong City"];
/** Sunday 22 November 2026, noon in Wutong. */
const NOW = new Date("2026-11-22T04:00:00Z");
const opts = { districts: DISTRICTS, now: NOW };

function draftOf(text: string, lang: Draft["lang"] = "zh"): Draft {
  return newDraft(extractDraft(text, opts), { id: "d1", lang, now: NOW });
}

describe("category, priority and summary from the message", () => {
  it.each([
    ["please help me enrol my daughter in Grade 3", "schooling"],
    ["请帮我女儿办理三年级入学", "schooling"],
    ["請幫我女兒辦理三年級入學", "schooling"],
    ["my son needs a kindergarten place", "schooling"],
    ["the heater in my apartment is broken", "housing"],
    ["我家暖气坏了，东湖苑3栋502", "housing"],
    ["人才公寓的门锁坏了，请安排维修", "housing"],
    ["帮我预约梧桐市第一人民医院心内科", "medical"],
    ["please book my annual check-up", "medical"],
    ["help me get a hospital appointment next Monday", "medical"],
    ["请帮我办理配偶随迁落户", "settlement"],
    ["can you help my spouse find a job", "settlement"],
    ["I need help with my work permit", "settlement"],
    ["does wutong give talents any subsidy for buying a car?", "other"],
  ] as const)("%s → %s", (text, category) => {
    expect(detectCategory(text)).toBe(category);
  });

  it.each([
    ["no heating in my apartment since yesterday", "urgent"],
    ["there is no hot water", "urgent"],
    ["停电了，家里没电", "urgent"],
    ["厨房有煤气味", "urgent"],
    ["I smell gas in the kitchen", "urgent"],
    ["卫生间漏水了", "urgent"],
    ["the bathroom ceiling is leaking", "urgent"],
    ["紧急！孩子需要转学", "urgent"],
    ["please sort out my hukou asap", "urgent"],
    ["urgent: my residence permit expires", "urgent"],
    ["please help me enrol my daughter in Grade 3", "normal"],
    ["帮我预约急诊科", "normal"],
  ] as const)("%s → %s", (text, priority) => {
    expect(detectPriority(text)).toBe(priority);
  });

  it("should summarise in one line of at most 60 characters, in the talent's words and script", () => {
    expect(summarize("please help me enrol my daughter in Grade 3")).toBe("Enrol my daughter in Grade 3");
    expect(summarize("请帮我女儿办理三年级入学")).toBe("女儿办理三年级入学");
    expect(summarize("請幫我女兒辦理三年級入學")).toBe("女兒辦理三年級入學");
    expect(summarize("Hi! Could you please help me get my wife a job? She is an engineer.")).toBe("Get my wife a job?");
    // A long summary ends at a word or clause, never inside a word.
    const cold = summarize("The heating in my talent apartment has been off since Monday night and it's freezing in here");
    expect(cold.endsWith("…")).toBe(true);
    expect("The heating in my talent apartment has been off since Monday night and it's freezing in here".startsWith(cold.slice(0, -1))).toBe(true);
    expect(cold.slice(0, -1)).toMatch(/(^|\s)\S+$/);
    expect("The heating in my talent apartment has been off since Monday night and it's freezing in here".split(" ")).toContain(cold.slice(0, -1).split(" ").at(-1));
    const long = "I would like my commissioner to arrange a viewing of the talent apartments in the high-tech zone for my family next week";
    const s = summarize(long);
    expect([...s].length).toBeLessThanOrEqual(60);
    expect(s.endsWith("…")).toBe(true);
    expect([...summarize("请".repeat(10) + "帮我安排".repeat(40))].length).toBeLessThanOrEqual(60);
  });

  it("should keep the whole message as the details", () => {
    const text = "please help me enrol my daughter in Grade 3. She is 8 and speaks English.";
    expect(extractDraft(text, opts).details).toBe(text);
  });
});

describe("fields the message already states", () => {
  it("should read grades and ages", () => {
    expect(extractChild("请帮我女儿办理三年级入学")).toBe("三年级");
    expect(extractChild("請幫我女兒辦理三年級入學")).toBe("三年级");
    expect(extractChild("please help me enrol my daughter in Grade 3")).toBe("Grade 3");
    expect(extractChild("my son is in 4th grade")).toBe("Grade 4");
    expect(extractChild("孩子8岁")).toBe("8岁");
    expect(extractChild("儿子八岁了")).toBe("8岁");
    expect(extractChild("she is 8 years old")).toBe("8 years old");
    expect(extractChild("my 6-year-old")).toBe("6 years old");
    expect(extractChild("明年上初一")).toBe("初一");
    expect(extractChild("幼儿园大班")).toBe("大班");
    expect(extractChild("孩子上学的事")).toBeUndefined();
  });

  it("should read districts by name, short name or pinyin, but not the city or common words", () => {
    expect(extractDistrict("想在东湖区上学", DISTRICTS)).toBe("东湖区");
    expect(extractDistrict("東湖區的學校", DISTRICTS)).toBe("东湖区");
    expect(extractDistrict("a school in Donghu please", DISTRICTS)).toBe("东湖区");
    expect(extractDistrict("somewhere in Xi Shan", DISTRICTS)).toBe("西山区");
    expect(extractDistrict("we live in Binjiang District")).toBe("Binjiang District");
    expect(extractDistrict("梧桐市的学校", DISTRICTS)).toBeUndefined();
    expect(extractDistrict("学区房", DISTRICTS)).toBeUndefined();
  });

  it("should read hospitals ending in 医院/Hospital and departments ending in 科 or named in English", () => {
    expect(extractHospital("帮我预约下周一梧桐市第一人民医院心内科")).toBe("梧桐市第一人民医院 心内科");
    expect(extractHospital("去协和医院看病")).toBe("协和医院");
    expect(extractHospital("帮我挂个儿科")).toBe("儿科");
    expect(extractHospital("book me a cardiology appointment")).toBe("Cardiology");
    expect(extractHospital("at Wutong First People's Hospital on Monday")).toBe("Wutong First People's Hospital");
    expect(extractHospital("我是本科学历")).toBeUndefined();
    expect(extractHospital("take me to the hospital")).toBeUndefined();
  });

  it("should read dates, absolute and relative to today in Wutong", () => {
    // 22 November 2026 is a Sunday: next week starts on Monday the 23rd.
    expect(extractDate("下周一", NOW)).toBe("2026-11-23 (下周一)");
    expect(extractDate("next Monday", NOW)).toBe("2026-11-23 (next Monday)");
    expect(extractDate("11月25日", NOW)).toBe("2026-11-25 (11月25日)");
    expect(extractDate("十一月二十五日上午", NOW)).toBe("2026-11-25 (十一月二十五日)");
    expect(extractDate("2026-11-25", NOW)).toBe("2026-11-25");
    expect(extractDate("2026年12月1日", NOW)).toBe("2026-12-01");
    expect(extractDate("明天", NOW)).toBe("2026-11-23 (明天)");
    expect(extractDate("周五", NOW)).toBe("2026-11-27 (周五)");
    expect(extractDate("Nov 25", NOW)).toBe("2026-11-25 (Nov 25)");
    expect(extractDate("25 November", NOW)).toBe("2026-11-25 (25 November)");
    // A month and day already past is next year's; an explicit date in the past is no preferred date.
    expect(extractDate("1月5日", NOW)).toBe("2027-01-05 (1月5日)");
    expect(extractDate("2025-01-01", NOW)).toBeUndefined();
    expect(extractDate("尽快", NOW)).toBe("尽快");
    expect(extractDate("whenever", NOW)).toBeUndefined();
  });

  it("should read addresses and apartment numbers", () => {
    expect(extractAddress("我家暖气坏了，东湖苑3栋502")).toBe("东湖苑3栋502");
    expect(extractAddress("住在3栋2单元502室")).toBe("3栋2单元502室");
    expect(extractAddress("人才公寓A座1203漏水了")).toBe("人才公寓A座1203");
    expect(extractAddress("新华路88号的房子停电了")).toBe("新华路88号");
    expect(extractAddress("the heater in my apartment 1203 is broken")).toBe("Apartment 1203");
    expect(extractAddress("flat 7B in Building 3")).toBe("Building 3, Flat 7B");
    expect(extractAddress("my apartment is cold")).toBeUndefined();
    // An estate's phase is part of its name.
    expect(extractAddress("人才公寓二期3栋1203的暖气坏了")).toBe("人才公寓二期3栋1203");
    expect(extractAddress("the heating is broken in Building 3, Room 1203, Talent Apartments Phase II")).toBe("Building 3, Room 1203, Talent Apartments Phase II");
  });

  it("should read phone numbers, emails and 'this chat'", () => {
    expect(extractContact("电话13800138000")).toBe("13800138000");
    expect(extractContact("call me on +86 138 0013 8000")).toBe("+8613800138000");
    expect(extractContact("email a.b@example.com")).toBe("a.b@example.com");
    expect(extractContact("this chat")).toBe(CHAT_CONTACT);
    expect(extractContact("就在这里联系")).toBe(CHAT_CONTACT);
    expect(extractContact("就在這裡聯繫")).toBe(CHAT_CONTACT);
    expect(extractContact("please contact me here")).toBe(CHAT_CONTACT);
    expect(extractContact("call me")).toBeUndefined();
  });

  it("should keep only the fields of the request's category", () => {
    const d = extractDraft("我儿子8岁，想在东湖区上小学，电话13800138000", opts);
    expect(d).toMatchObject({ category: "schooling", fields: { child: "8岁", district: "东湖区", contact: "13800138000" } });
    const m = extractDraft("帮我预约下周一梧桐市第一人民医院心内科，就在这里联系", opts);
    expect(m.fields).toEqual({ hospital: "梧桐市第一人民医院 心内科", date: "2026-11-23 (下周一)", contact: CHAT_CONTACT });
    const h = extractDraft("the heater in my apartment 1203 is broken, email me at a@b.cn", opts);
    expect(h).toMatchObject({ category: "housing", priority: "urgent", fields: { address: "Apartment 1203", contact: "a@b.cn" } });
    expect(extractDraft("I'm 8 years old at heart: help me with my hukou", opts).fields).toEqual({});
  });
});

describe("the next question", () => {
  it("should ask the required fields and each optional field once, contact last", () => {
    const d = draftOf("please help me enrol my daughter in Grade 3", "en");
    expect(d.fields).toEqual({ child: "Grade 3" });
    expect(missingField(d)).toEqual({ key: "district", required: false });
    const skipped = applyAnswer(d, "district", "skip", opts);
    expect(skipped.outcome).toBe("skipped");
    expect(missingField(skipped.draft)).toEqual({ key: "contact", required: true });
    const done = applyAnswer(skipped.draft, "contact", "this chat", opts);
    expect(done.outcome).toBe("accepted");
    expect(missingField(done.draft)).toBeUndefined();

    const medical = draftOf("帮我预约心内科");
    expect(missingField(medical)).toEqual({ key: "date", required: false });
    expect(missingField(draftOf("帮我预约体检"))).toEqual({ key: "hospital", required: true });
    expect(missingField(draftOf("我家暖气坏了"))).toEqual({ key: "address", required: true });
    expect(missingField(draftOf("请帮我办理配偶随迁落户"))).toEqual({ key: "contact", required: true });
    expect(missingField(draftOf("请帮我办理配偶随迁落户，就在这里联系"))).toBeUndefined();
    expect(missingField(newDraft({ category: "other", priority: "normal", summary: "", details: "", fields: {} }, { id: "x", lang: "zh", now: NOW }))).toEqual({ key: "details", required: true });
  });

  it("should accept skip (跳过, 略過) for an optional field only", () => {
    expect(["skip", "跳过", "略過", "跳過", "Skip.", "no preference"].every(isSkip)).toBe(true);
    expect(isSkip("skip the queue for me")).toBe(false);
    const d = draftOf("请帮我女儿办理三年级入学");
    for (const word of ["skip", "跳过", "略過"]) {
      expect(applyAnswer(d, "district", word, opts).outcome).toBe("skipped");
      const required = applyAnswer(d, "contact", word, opts);
      expect(required.outcome).toBe("required");
      expect(required.draft).toBe(d);
    }
    expect(applyAnswer(d, "child", "跳过", opts).outcome).toBe("required");
  });

  it("should validate answers and fill other fields an answer also gives", () => {
    const d = draftOf("请帮我女儿办理入学");
    expect(missingField(d)?.key).toBe("child");
    expect(applyAnswer(d, "child", "不清楚", opts).outcome).toBe("invalid");
    expect(applyAnswer(d, "child", "8", opts).draft.fields.child).toBe("8岁");
    expect(applyAnswer(d, "child", "8", { ...opts, lang: "en" }).draft.fields.child).toBe("8 years old");
    const both = applyAnswer(d, "child", "三年级，电话13800138000", opts);
    expect(both.outcome).toBe("accepted");
    expect(both.draft.fields).toEqual({ child: "三年级", contact: "13800138000" });
    // The draft itself is not changed.
    expect(d.fields).toEqual({});

    expect(parseField("district", "東湖區", opts)).toBe("东湖区");
    expect(parseField("district", "滨江区吧", opts)).toBe("滨江区");
    expect(parseField("district", "离家近就行", opts)).toBeUndefined();
    expect(parseField("hospital", "随便", opts)).toBeUndefined();
    expect(parseField("address", "人才公寓12号楼", opts)).toBe("人才公寓12号楼");
    expect(parseField("address", "my home", opts)).toBeUndefined();
    expect(parseField("address", "Apartment 1203, Donghu Court", opts)).toBe("Apartment 1203, Donghu Court");
    // An answer that is just the address is kept as the talent wrote it, whole.
    expect(parseField("address", "Flat 5, Building 3, Riverside Gardens", opts)).toBe("Flat 5, Building 3, Riverside Gardens");
    expect(parseField("address", "Building 3, Room 1203, Talent Apartments Phase II", opts)).toBe("Building 3, Room 1203, Talent Apartments Phase II");
    expect(parseField("address", "人才公寓二期3栋1203", opts)).toBe("人才公寓二期3栋1203");
    expect(parseField("address", "地址是东湖苑3栋502。", opts)).toBe("东湖苑3栋502");
    // An answer that says more is cut to the address.
    expect(parseField("address", "东湖苑3栋502，暖气从昨天起就坏了！", opts)).toBe("东湖苑3栋502");
    expect(parseField("contact", "call me", opts)).toBeUndefined();
  });

  it("should read a stored draft back and refuse anything else", () => {
    const d = draftOf("请帮我女儿办理三年级入学");
    expect(readDraft(JSON.parse(JSON.stringify(d)))).toEqual(d);
    expect(readDraft({ kind: "draft", id: "x" })).toBeUndefined();
    expect(readDraft(undefined)).toBeUndefined();
    expect(readDraft({ kind: "relay", ticketId: "WT-2026-000001" })).toBeUndefined();
  });
});
