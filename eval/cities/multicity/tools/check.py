import json, os, re, html, collections
BASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
KDIR = os.path.join(BASE, 'knowledge')
QFILE = os.path.join(BASE, 'questions.jsonl')

docs = {}
for root, _, files in os.walk(KDIR):
    for fn in files:
        p = os.path.join(root, fn)
        rel = os.path.relpath(p, KDIR)
        stem, ext = os.path.splitext(rel)
        assert ext in ('.md', '.txt', '.html'), rel
        assert re.fullmatch(r'[A-Za-z0-9\-/]+', stem), rel
        did = stem.replace(os.sep, '-').lower()
        text = open(p, encoding='utf-8').read()
        if ext == '.html':
            text = html.unescape(re.sub(r'<[^>]+>', '', text))
        docs[did] = (rel, text)

errors = []
# document checks: title names city, has effective-date sentence, no front matter
CITIES = ['杭州', '南京', '苏州', '成都', '武汉', '西安', '合肥', '青岛', '长沙', '南山', '浦东', '厦门']
for did, (rel, text) in docs.items():
    if text.lstrip().startswith('---'):
        errors.append(f'{rel}: front matter')
    if not re.search(r'自\d{4}年\d{1,2}月\d{1,2}日起(施行|实施|执行)|自发布之日起施行', text):
        errors.append(f'{rel}: no effective-date sentence')
    if not any(c in text[:400] for c in CITIES):
        errors.append(f'{rel}: city not named near the top')

keys_ans = ['id', 'question', 'lang', 'expect', 'topic', 'answerable', 'facts']
keys_un = ['id', 'question', 'lang', 'expect', 'answerable']
by_lang = collections.Counter(); by_ans = collections.Counter(); by_lang_ans = collections.Counter()
seen = set(); n = 0; used_docs = collections.Counter()
for ln, line in enumerate(open(QFILE, encoding='utf-8'), 1):
    try:
        q = json.loads(line)
    except Exception as e:
        errors.append(f'line {ln}: does not parse: {e}'); continue
    n += 1
    if q['id'] in seen: errors.append(f'{q["id"]}: duplicate id')
    seen.add(q['id'])
    if q['id'] != 'mc%03d' % ln: errors.append(f'line {ln}: id {q["id"]} out of sequence')
    if q['lang'] not in ('en', 'zh', 'zh-Hant'): errors.append(f'{q["id"]}: bad lang')
    by_lang[q['lang']] += 1; by_ans[q['answerable']] += 1; by_lang_ans[(q['lang'], q['answerable'])] += 1
    if q['answerable']:
        if list(q) != keys_ans: errors.append(f'{q["id"]}: keys {list(q)}')
        if not q['expect']: errors.append(f'{q["id"]}: answerable but no expect')
        if not 1 <= len(q['facts']) <= 3: errors.append(f'{q["id"]}: {len(q["facts"])} facts')
        for e in q['expect']:
            if e not in docs: errors.append(f'{q["id"]}: unknown id {e}')
            else: used_docs[e] += 1
        if q['expect'] and q['expect'][0] in docs:
            folder = docs[q['expect'][0]][0].split(os.sep)[0]
            if folder != q['topic']: errors.append(f'{q["id"]}: topic {q["topic"]} != folder {folder}')
        for fct in q['facts']:
            if not any(fct in docs[e][1] for e in q['expect'] if e in docs):
                errors.append(f'{q["id"]}: fact not found verbatim: {fct}')
    else:
        if list(q) != keys_un: errors.append(f'{q["id"]}: keys {list(q)}')
        if q['expect']: errors.append(f'{q["id"]}: unanswerable with expect')

print(f'documents: {len(docs)}')
print('  by folder:', dict(collections.Counter(r.split(os.sep)[0] for r, _ in docs.values())))
print('  by type:', dict(collections.Counter(os.path.splitext(r)[1] for r, _ in docs.values())))
print(f'questions: {n}')
print('  by lang:', dict(by_lang))
print('  answerable/unanswerable:', by_ans[True], '/', by_ans[False])
print('  by lang x answerable:', {f'{l}/{"ans" if a else "unans"}': c for (l, a), c in sorted(by_lang_ans.items())})
unused = sorted(set(docs) - set(used_docs))
print('  documents never expected:', unused if unused else 'none')
print('errors:', len(errors))
for e in errors: print('  ', e)
