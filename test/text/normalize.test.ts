import { describe, expect, it } from "vitest";
import {
  cleanScraped,
  detectLang,
  isNoiseLine,
  normalizeForIndex,
  stripPinyinAnnotations,
  toSimplified,
  toTraditional,
} from "../../src/text/normalize.ts";

describe("normalizeForIndex", () => {
  it("should convert traditional characters to simplified ones", () => {
    expect(normalizeForIndex("人才租房補貼申請")).toBe("人才租房补贴申请");
    expect(normalizeForIndex("幼兒園學位")).toBe("幼儿园学位");
  });

  it("should turn full-width letters, digits and punctuation into half-width ones", () => {
    expect(normalizeForIndex("Ａ类人才２０２６年：３０００元")).toBe("a类人才2026年:3000元");
  });

  it("should fold case", () => {
    expect(normalizeForIndex("Tier A Rent SUBSIDY")).toBe("tier a rent subsidy");
  });

  it("should drop thousands separators so 10,000 and 10000 are the same number", () => {
    expect(normalizeForIndex("10,000 CNY")).toBe(normalizeForIndex("10000 CNY"));
  });

  it("should remove pinyin annotations left by scrapers", () => {
    expect(normalizeForIndex("歡迎來(lái)梧桐")).toBe("欢迎来梧桐");
    expect(normalizeForIndex("请提前预（yù）约")).toBe("请提前预约");
  });
});

describe("stripPinyinAnnotations", () => {
  it("should remove tone-marked and tone-numbered pinyin after a character", () => {
    expect(stripPinyinAnnotations("來(lái)")).toBe("來");
    expect(stripPinyinAnnotations("预（yù）约")).toBe("预约");
    expect(stripPinyinAnnotations("体(tǐ)检(jiǎn)")).toBe("体检");
    expect(stripPinyinAnnotations("转(zhuan3)告")).toBe("转告");
  });

  it("should keep real parentheticals such as (A类) and （2025）", () => {
    expect(stripPinyinAnnotations("人才(A类)可以申请")).toBe("人才(A类)可以申请");
    expect(stripPinyinAnnotations("办法（2025）施行")).toBe("办法（2025）施行");
    expect(stripPinyinAnnotations("办法（试行）施行")).toBe("办法（试行）施行");
  });

  it("should keep an English word in parentheses that is not pinyin", () => {
    expect(stripPinyinAnnotations("人才绿卡(Green Card)")).toBe("人才绿卡(Green Card)");
  });

  it("should keep a visa or unit code in parentheses such as 团聚签证(Q1)", () => {
    expect(stripPinyinAnnotations("外籍人才配偶可申请团聚签证(Q1)。")).toBe("外籍人才配偶可申请团聚签证(Q1)。");
    expect(stripPinyinAnnotations("人才公寓户型（A2）为两室一厅。")).toBe("人才公寓户型（A2）为两室一厅。");
  });
});

describe("isNoiseLine", () => {
  it.each([
    ["a breadcrumb", "当前位置：首页 > 通知公告"],
    ["a home-path breadcrumb", "首页 > 政策法规 > 人才政策"],
    ["a menu bar", "首页 | 机构概况 | 政务公开 | 政策法规"],
    ["share links", "分享到：微信 微博"],
    ["print / close links", "【打印本页】【关闭窗口】"],
    ["an ICP footer", "ICP备案号：粤ICP备05012345号-1"],
    ["a site-owner footer", "主办单位：梧桐市卫生健康委员会"],
    ["a page counter", "发布时间：2026-03-02　来源：市卫生健康委　浏览次数：1024"],
    ["an English print link", "Print this page"],
  ])("should treat %s as noise", (_label, line) => {
    expect(isNoiseLine(line)).toBe(true);
  });

  it.each([
    ["a Chinese policy sentence", "A、B类人才可以申请租房补贴，每月发放。"],
    ["an English policy sentence", "Tier A talents may apply for the rent subsidy online."],
    ["a sentence that mentions sharing", "配偶可以分享人才的医疗保障待遇。"],
    ["a table row", "| D类 | 2,500 | 1,000 | 3,500 |"],
    ["an empty line", "   "],
  ])("should keep %s", (_label, line) => {
    expect(isNoiseLine(line)).toBe(false);
  });

  it("should keep a policy sentence that merely mentions 手机版 or 主办单位", () => {
    expect(isNoiseLine("也可以通过梧桐人才码手机版在线申请。")).toBe(false);
    expect(isNoiseLine("（三）国际学术会议的主办单位，按会议规模给予补贴。")).toBe(false);
  });

  it("should remove noise lines and pinyin from scraped text while keeping the content lines", () => {
    const scraped = ["当前位置：首页 > 通知公告", "请提前预(yù)约体检。", "分享到：微信 微博", "体检费用（2026）由财政结算。"].join("\n");
    expect(cleanScraped(scraped)).toBe("请提前预约体检。\n体检费用（2026）由财政结算。");
  });
});

describe("detectLang", () => {
  it("should detect simplified Chinese", () => {
    expect(detectLang("经认定的人才可以申请租房补贴，补贴按季度发放。")).toBe("zh");
  });

  it("should detect traditional Chinese", () => {
    expect(detectLang("經認定的人才可以申請租房補貼，補貼按季度發放。")).toBe("zh-Hant");
  });

  it("should detect English", () => {
    expect(detectLang("Certified talents may apply for a rent subsidy, paid every quarter.")).toBe("en");
  });

  it("should call Chinese text with a few Latin words Chinese", () => {
    expect(detectLang("A类人才可以通过人才码App申请租房补贴和人才公寓。")).toBe("zh");
  });

  it("should round-trip simplified → traditional → simplified for display text", () => {
    const zh = "人才子女入学材料清单";
    expect(toTraditional(zh)).not.toBe(zh);
    expect(toSimplified(toTraditional(zh))).toBe(zh);
  });
});
