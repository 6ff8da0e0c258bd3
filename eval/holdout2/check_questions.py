#!/usr/bin/env python3
"""Checks questions.jsonl against /work/main/knowledge (read-only)."""
import json, os, re, sys, collections
KB = "/work/main/knowledge"
QF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "questions.jsonl")
KEYS_A = {"id","question","lang","expect","topic","answerable","facts"}
KEYS_U = {"id","question","lang","expect","answerable"}

docs = {}  # id -> (topic, text)
for root, _, files in os.walk(KB):
    for fn in files:
        path = os.path.join(root, fn)
        text = open(path, encoding="utf-8").read()
        rel = os.path.relpath(path, KB)
        m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
        did = None
        if m:
            im = re.search(r"^id:\s*(.+?)\s*$", m.group(1), re.M)
            if im: did = im.group(1).strip().strip('"')
        if not did:
            did = os.path.splitext(rel)[0].replace("/", "-").lower()
        docs[did] = (rel.split("/")[0], text)

errors, warnings = [], []
cnt = collections.Counter(); used = collections.Counter(); ids = set()
for n, line in enumerate(open(QF, encoding="utf-8"), 1):
    try:
        q = json.loads(line)
    except Exception as e:
        errors.append(f"line {n}: JSON parse error {e}"); continue
    qid = q.get("id", f"line{n}")
    if qid in ids: errors.append(f"{qid}: duplicate id")
    ids.add(qid)
    ans = q.get("answerable")
    want = KEYS_A if ans is True else KEYS_U if ans is False else None
    if want is None: errors.append(f"{qid}: answerable must be true/false"); continue
    if set(q) != want: errors.append(f"{qid}: keys {sorted(q)} != {sorted(want)}")
    if q.get("lang") not in ("zh", "zh-Hant", "en"): errors.append(f"{qid}: bad lang {q.get('lang')}")
    cnt[(q.get("lang"), ans)] += 1
    exp = q.get("expect", [])
    if not ans:
        if exp: errors.append(f"{qid}: unanswerable but expect non-empty")
        continue
    if not exp: errors.append(f"{qid}: answerable with empty expect"); continue
    for d in exp:
        if d not in docs: errors.append(f"{qid}: unknown doc id {d}")
        else: used[d] += 1
    if exp[0] in docs and q.get("topic") != docs[exp[0]][0]:
        errors.append(f"{qid}: topic {q.get('topic')} != folder {docs[exp[0]][0]}")
    facts = q.get("facts", [])
    if not 1 <= len(facts) <= 3: errors.append(f"{qid}: needs 1-3 facts")
    for f in facts:
        hits = [d for d in exp if d in docs and f in docs[d][1]]
        if not hits: errors.append(f"{qid}: fact {f!r} not verbatim in any expected doc")
        elif exp[0] not in hits: warnings.append(f"{qid}: fact {f!r} only in {hits}, not in first doc {exp[0]}")
    # translation pairs must both be listed
    for d in exp:
        m = re.search(r"^translation_of:\s*(\S+)", docs.get(d, ("", ""))[1], re.M)
        if m and m.group(1) not in exp: errors.append(f"{qid}: {d} is translation_of {m.group(1)} but it is not in expect")
    for other, (_, t) in docs.items():
        m = re.search(r"^translation_of:\s*(\S+)", t, re.M)
        if m and m.group(1) in exp and other not in exp:
            errors.append(f"{qid}: {m.group(1)} has translation {other} not in expect")

total = sum(cnt.values())
print(f"questions: {total}")
for lang in ("zh", "zh-Hant", "en"):
    print(f"  {lang:8s} answerable={cnt[(lang, True)]:3d} unanswerable={cnt[(lang, False)]:3d} total={cnt[(lang, True)] + cnt[(lang, False)]}")
print(f"  answerable={sum(v for (l, a), v in cnt.items() if a)} unanswerable={sum(v for (l, a), v in cnt.items() if not a)}")
unused = sorted(set(docs) - set(used))
print(f"documents: {len(docs)}, covered by expect: {len(docs) - len(unused)}" + (f", NOT covered: {unused}" if unused else ""))
for w in warnings: print("WARN", w)
for e in errors: print("ERROR", e)
print("RESULT:", "OK" if not errors else f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)
