#!/usr/bin/env python3
"""Check questions.jsonl against knowledge/: parse, ids, expect ids exist, facts verbatim."""
import json, os, re, sys, collections
HERE = os.path.dirname(os.path.abspath(__file__))
KDIR = os.path.join(HERE, "knowledge")
QFILE = os.path.join(HERE, "questions.jsonl")
TOPICS = {"housing", "schooling", "medical", "settlement", "services"}
LANGS = {"zh", "zh-Hant", "en"}
errors = []
docs = {}
for root, _, files in os.walk(KDIR):
    for fn in files:
        p = os.path.join(root, fn)
        rel = os.path.relpath(p, KDIR)
        if not re.fullmatch(r"[A-Za-z0-9\-/]+\.(md|txt|html)", rel):
            errors.append(f"bad file name: {rel}")
        text = open(p, encoding="utf-8").read()
        did = None; meta = {}
        m = re.match(r"---\n(.*?)\n---\n", text, re.S)
        if m:
            for line in m.group(1).splitlines():
                k, _, v = line.partition(":")
                meta[k.strip()] = v.strip()
            did = meta.get("id")
            if meta.get("topic") not in TOPICS: errors.append(f"{rel}: bad topic")
            if meta.get("lang") not in LANGS: errors.append(f"{rel}: bad lang")
            if rel.split("/")[0] != meta.get("topic"): errors.append(f"{rel}: folder/topic mismatch")
            body = text[m.end():]
        else:
            body = text
        if not did:
            did = os.path.splitext(rel)[0].replace(os.sep, "-").replace("/", "-").lower()
        if did in docs: errors.append(f"duplicate doc id {did}")
        docs[did] = {"text": body, "meta": meta, "rel": rel}
for d, v in docs.items():
    s = v["meta"].get("supersedes")
    if s and s not in docs: errors.append(f"{d}: supersedes unknown {s}")
seen = set(); n = 0
bylang = collections.Counter(); byans = collections.Counter(); bylang_ans = collections.Counter()
KEYS_A = {"id", "question", "lang", "expect", "topic", "answerable", "facts"}
KEYS_U = {"id", "question", "lang", "expect", "answerable"}
for ln, line in enumerate(open(QFILE, encoding="utf-8"), 1):
    if not line.strip(): continue
    try: q = json.loads(line)
    except Exception as e:
        errors.append(f"line {ln}: JSON error {e}"); continue
    n += 1
    qid = q.get("id")
    if qid in seen: errors.append(f"{qid}: duplicate id")
    seen.add(qid)
    if not re.fullmatch(r"bs\d{3}", qid or ""): errors.append(f"line {ln}: bad id {qid}")
    if q.get("lang") not in LANGS: errors.append(f"{qid}: bad lang")
    ans = q.get("answerable")
    bylang[q.get("lang")] += 1; byans[ans] += 1; bylang_ans[(q.get("lang"), ans)] += 1
    if ans is True:
        if set(q) != KEYS_A: errors.append(f"{qid}: keys {sorted(q)}")
        if q.get("topic") not in TOPICS: errors.append(f"{qid}: bad topic")
        exp = q.get("expect") or []
        if not exp: errors.append(f"{qid}: answerable but empty expect")
        for e in exp:
            if e not in docs: errors.append(f"{qid}: expect id not found: {e}")
        facts = q.get("facts") or []
        if not 1 <= len(facts) <= 3: errors.append(f"{qid}: {len(facts)} facts")
        for f in facts:
            if not any(e in docs and f in docs[e]["text"] for e in exp):
                errors.append(f"{qid}: fact not found verbatim in expected docs: {f!r}")
        if exp and exp[0] in docs and docs[exp[0]]["meta"].get("topic", exp[0].split("-")[0]) != q.get("topic"):
            pass  # topic of question may legitimately differ from first doc's topic
    elif ans is False:
        if set(q) != KEYS_U: errors.append(f"{qid}: keys {sorted(q)}")
        if q.get("expect") != []: errors.append(f"{qid}: unanswerable with non-empty expect")
    else:
        errors.append(f"{qid}: answerable must be true/false")
print(f"documents: {len(docs)}")
for d in sorted(docs): print(f"  {d:32s} {docs[d]['rel']}")
print(f"questions: {n}  by lang: {dict(bylang)}  answerable: {byans[True]}  unanswerable: {byans[False]}")
for k in sorted(bylang_ans, key=str): print(f"  {k[0]:8s} answerable={k[1]}: {bylang_ans[k]}")
if errors:
    print(f"ERRORS ({len(errors)}):"); [print("  " + e) for e in errors]; sys.exit(1)
print("OK: all lines parse, all expect ids exist, all facts found verbatim")
