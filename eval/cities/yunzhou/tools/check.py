# Checks questions.jsonl against the knowledge folder. Run: python3 tools/check.py
import json, os, re, sys, html, datetime
from collections import Counter

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
KDIR = os.path.join(ROOT, "knowledge")
QFILE = os.path.join(ROOT, "questions.jsonl")
ASK = datetime.date(2026, 12, 7)
TOPICS = {"housing", "schooling", "medical", "settlement", "services"}
LANGS = {"zh", "zh-Hant", "en"}
errors = []

def front_matter(text):
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end < 0:
        errors.append("unterminated front matter")
        return {}, text
    meta = {}
    for line in text[4:end].splitlines():
        line = line.split(" #")[0].rstrip()
        if not line.strip():
            continue
        k, _, v = line.partition(":")
        meta[k.strip()] = v.strip()
    return meta, text[end + 5:]

def visible(path, body):
    if path.endswith(".html"):
        body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", body)
        body = re.sub(r"(?s)<[^>]+>", " ", body)
        body = html.unescape(body)
    return body

docs = {}
for dp, _, fns in os.walk(KDIR):
    for fn in sorted(fns):
        p = os.path.join(dp, fn)
        rel = os.path.relpath(p, KDIR).replace(os.sep, "/")
        if not re.fullmatch(r"[a-z0-9/-]+\.(md|txt|html)", rel):
            errors.append(f"bad file name: {rel}")
        if rel.split("/")[0] not in TOPICS:
            errors.append(f"not in a topic folder: {rel}")
        text = open(p, encoding="utf-8").read()
        meta, body = front_matter(text)
        did = meta.get("id") or re.sub(r"\.(md|txt|html)$", "", rel).replace("/", "-").lower()
        if did in docs:
            errors.append(f"duplicate id {did}")
        docs[did] = dict(rel=rel, meta=meta, text=visible(rel, body))

# front-matter sanity
for did, d in docs.items():
    m = d["meta"]
    if m:
        for k in ("title", "topic", "lang"):
            if k not in m:
                errors.append(f"{did}: front matter lacks {k}")
        if m.get("topic") and m["topic"] != d["rel"].split("/")[0]:
            errors.append(f"{did}: topic {m['topic']} != folder")
        if m.get("lang") and m["lang"] not in LANGS:
            errors.append(f"{did}: bad lang {m['lang']}")
        for k in ("translation_of", "supersedes"):
            if m.get(k) and m[k] not in docs:
                errors.append(f"{did}: {k} -> unknown id {m[k]}")
        if m.get("expires") and datetime.date.fromisoformat(m["expires"]) < ASK:
            print(f"  note: {did} expired on {m['expires']} (deliberate)")
        if m.get("effective") and datetime.date.fromisoformat(m["effective"]) > ASK:
            errors.append(f"{did}: not yet effective on {ASK}")

# questions
n = 0
by_lang, by_ans, by_lang_ans = Counter(), Counter(), Counter()
en_zh_only = 0
translated = {d["meta"].get("translation_of") for d in docs.values() if d["meta"].get("translation_of")}
english_ids = {k for k, d in docs.items() if d["meta"].get("lang") == "en"}
seen = set()
for ln, line in enumerate(open(QFILE, encoding="utf-8"), 1):
    try:
        q = json.loads(line)
    except Exception as e:
        errors.append(f"line {ln}: JSON error {e}")
        continue
    n += 1
    qid = q.get("id")
    if qid in seen:
        errors.append(f"{qid}: duplicate id")
    seen.add(qid)
    if qid != "yz%03d" % ln:
        errors.append(f"line {ln}: id {qid} out of sequence")
    allowed = {"id", "question", "lang", "expect", "topic", "answerable", "facts"}
    if set(q) - allowed:
        errors.append(f"{qid}: unexpected keys {set(q) - allowed}")
    if q.get("lang") not in LANGS:
        errors.append(f"{qid}: bad lang")
    by_lang[q["lang"]] += 1
    by_ans[q["answerable"]] += 1
    by_lang_ans[(q["lang"], q["answerable"])] += 1
    if not q["answerable"]:
        if q["expect"]:
            errors.append(f"{qid}: unanswerable but expect set")
        continue
    if q.get("topic") not in TOPICS:
        errors.append(f"{qid}: bad topic")
    if not q["expect"]:
        errors.append(f"{qid}: answerable without expect")
    for e in q["expect"]:
        if e not in docs:
            errors.append(f"{qid}: unknown expect id {e}")
    facts = q.get("facts") or []
    if not 1 <= len(facts) <= 3:
        errors.append(f"{qid}: {len(facts)} facts")
    for f in facts:
        if not any(f in docs[e]["text"] for e in q["expect"] if e in docs):
            errors.append(f"{qid}: fact {f!r} not found in {q['expect']}")
    if q["lang"] == "en" and not any(e in english_ids or e in translated for e in q["expect"]):
        en_zh_only += 1

print(f"documents: {len(docs)}")
print("  by lang:", dict(Counter(d['meta'].get('lang', '(no front matter)') for d in docs.values())))
print("  by topic:", dict(Counter(d['rel'].split('/')[0] for d in docs.values())))
print(f"questions: {n}")
print("  by lang:", dict(by_lang))
print("  answerable:", by_ans[True], " unanswerable:", by_ans[False])
print("  by lang/answerable:", {f"{l}/{'ans' if a else 'unans'}": c for (l, a), c in sorted(by_lang_ans.items())})
print(f"  English questions answered only by Chinese-only documents: {en_zh_only}")
if errors:
    print(f"FAILED: {len(errors)} problem(s)")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("OK: every line parses, every expect id exists, every fact occurs verbatim in an expected document")
